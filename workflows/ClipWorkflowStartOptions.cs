using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;

namespace Geopera.Clip.Workflows;

/// <summary>How the API starts (or joins) a clip job's workflow, e.g. with update-with-start.</summary>
public static class ClipWorkflowStartOptions
{
    /// <summary>
    /// Workflow id from <see cref="JobIdentity"/>; a running job with that id is joined
    /// (UseExisting) and a closed one is never started again (RejectDuplicate), so one key gives one
    /// job. Search attributes and memo let operators find and read the job in the Temporal UI.
    /// </summary>
    public static WorkflowOptions For(ClipJobInput input, string taskQueue)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(taskQueue);
        var expectedJobId = JobIdentity.JobId(input.OrganizationId, input.IdempotencyKey);
        if (input.JobId != expectedJobId)
            throw new ArgumentException($"JobId must be JobIdentity.JobId(organization, key) = {expectedJobId}.", nameof(input));

        var attributes = new SearchAttributeCollection.Builder()
            .Set(ClipSearchAttributes.OrganizationId, input.OrganizationId)
            .Set(ClipSearchAttributes.ProjectId, input.ProjectId)
            .Set(ClipSearchAttributes.JobStatus, JobStatus.Admitting);
        if (input.Source.ItemId is { } itemId)
            attributes.Set(ClipSearchAttributes.SourceItemId, itemId);

        var memo = new Dictionary<string, object>
        {
            ["output_name"] = input.OutputName,
            ["asset_keys"] = input.AssetKeys ?? [],
        };
        if (input.AoiName is { } aoiName)
            memo["aoi_name"] = aoiName;

        return new WorkflowOptions(JobIdentity.WorkflowId(input.JobId), taskQueue)
        {
            IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
            IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
            TypedSearchAttributes = attributes.ToSearchAttributeCollection(),
            Memo = memo,
            StaticSummary = $"Clip {input.Source.Describe()} to {input.AoiName ?? "AOI"} → {input.OutputName}",
            StaticDetails =
                $"**Job** `{input.JobId}` of organization `{input.OrganizationId}`  \n" +
                $"**Source** {input.Source.Describe()} → project `{input.ProjectId}`" +
                (input.TargetCollectionId is { } c ? $", collection `{c}`" : "") + "  \n" +
                $"**Assets** {(input.AssetKeys is { Count: > 0 } keys ? string.Join(", ", keys) : "all raster assets")}",
        };
    }
}
