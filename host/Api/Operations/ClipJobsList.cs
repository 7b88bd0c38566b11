using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.jobs.list</c>: the caller's jobs, newest first, paginated.</summary>
public sealed class ClipJobsList(IJobStore jobs, IOptions<ApiOptions> options) : IClipOperation
{
    public const int DefaultLimit = 50;

    public static readonly OperationDescriptor Descriptor = new(
        "clip.jobs.list", "clip:read", SideEffect.Read,
        "List clip jobs for an organization",
        "Newest first. Optional `status` filter. `limit` defaults to 50 and must be 1..Api:MaxListLimit (200 by default; "
        + "never silently clamped); `offset` ≥ 0. `total` counts every matching job. Deleted jobs are not listed.",
        typeof(JobsListRequest), typeof(JobListResponse),
        [
            new(200, "One page of jobs, newest first."),
            new(403, "`organization_id` is not your API key's organization (`forbidden-organization`)."),
        ]);

    private static readonly string[] Fields = ["organization_id", "status", "limit", "offset"];

    public async Task<IResult> HandleAsync(OpCall call)
    {
        var fields = new JsonFields(call.Body, Fields);
        var organizationId = fields.String("organization_id", required: true);
        var status = fields.String("status", required: false, 32, s => JobStatus.All.Contains(s) ? null : "must be one of " + string.Join(", ", JobStatus.All));
        var limit = fields.Integer("limit", 1, options.Value.MaxListLimit) ?? DefaultLimit;
        var offset = fields.Integer("offset", 0, int.MaxValue) ?? 0;
        fields.ThrowIfInvalid();
        if (!string.Equals(organizationId, call.OrganizationId, StringComparison.Ordinal))
            throw new ApiProblemException(ProblemCatalog.OrganizationMismatch());

        var page = await jobs.ListAsync(call.OrganizationId, status, limit, offset, call.Aborted);
        var views = page.Jobs.Select(job => JobViews.From(job)).ToList();
        return Results.Json(new JobListResponse(views, page.Total, limit, offset), ApiJson.Options);
    }
}
