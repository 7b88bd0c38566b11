using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>
/// <c>clip.job.delete</c>: cancel the job if it still runs (its workflow then releases the
/// credits and removes partial outputs), delete its files under <c>clips/{job_id}/</c>, and hide
/// it from get/list. Idempotent: deleting a deleted job answers 200 again with nothing to do.
/// Cancelling returns before the workflow's compensation ran (as on a server), and a warp may still
/// be uploading then: files are deleted only once the workflow closed. When it does not close within
/// <c>Api:DeleteWaitSeconds</c>, the answer says deletion completes asynchronously (status
/// <c>deleting</c>): the compensation removes what the job wrote, and a repeated delete finishes.
/// </summary>
public sealed partial class ClipJobDelete(
    IJobStore jobs, IClipJobGateway gateway, IObjectStore store, IOptions<ApiOptions> options, ILogger<ClipJobDelete> log) : IClipOperation
{
    public const string DeletedStatus = "deleted";
    public const string DeletingStatus = "deleting";

    public static readonly OperationDescriptor Descriptor = new(
        "clip.job.delete", "clip:destroy", SideEffect.Destructive,
        "Delete a clip job and its files",
        "Cancels a running job (its compensation releases the reserved credits), deletes its output files and hides the job. "
        + "A running job's files are deleted once its workflow has closed.",
        typeof(JobIdRequest), typeof(JobDeletedResponse),
        [
            new(200, "`status: deleted`: the job is deleted (again: `cancelled: false, files_deleted: 0`). `status: deleting`: its workflow "
                + "has not closed within `Api:DeleteWaitSeconds`; nothing was deleted yet, its compensation removes what it wrote and the same call again finishes."),
            JobLookup.NotFoundAnswer,
            new(503, "A running job cannot be cancelled now (`service-unavailable`); nothing was deleted."),
        ]);

    public async Task<IResult> HandleAsync(OpCall call)
    {
        var fields = new JsonFields(call.Body, ["job_id"]);
        var jobId = fields.Uuid("job_id", required: true);
        fields.ThrowIfInvalid();
        var ct = call.Aborted;

        var job = await jobs.GetAsync(call.OrganizationId, jobId!, ct);
        if (job is null)
        {
            // Hidden jobs are either never ours or already deleted: only the latter may answer 200.
            return await jobs.MarkDeletedAsync(call.OrganizationId, jobId!, ct)
                ? Deleted(jobId!, cancelled: false, filesDeleted: 0)
                : new ApiProblemResult(ProblemCatalog.JobNotFound(jobId!));
        }

        var cancelled = false;
        if (!JobStatus.IsTerminal(job.Status))
        {
            await gateway.CancelAsync(job.WorkflowId, ct); // unreachable runner → 503, nothing deleted yet
            cancelled = true;
            if (!await gateway.WaitClosedAsync(job.WorkflowId, TimeSpan.FromSeconds(options.Value.DeleteWaitSeconds), ct))
            {
                LogDeleting(log, job.Id);
                return Answer(job.Id, DeletingStatus, cancelled, filesDeleted: 0);
            }
        }
        var filesDeleted = await DeleteOutputsAsync(job, ct);
        await jobs.MarkDeletedAsync(call.OrganizationId, job.Id, ct);
        LogDeleted(log, job.Id, cancelled, filesDeleted);
        return Deleted(job.Id, cancelled, filesDeleted);
    }

    private async Task<int> DeleteOutputsAsync(JobRecord job, CancellationToken ct)
    {
        var count = 0;
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(job.OutputBucket, $"clips/{job.Id}/", ct))
            keys.Add(info.Key);
        foreach (var key in keys)
            if (await store.DeleteAsync(job.OutputBucket, key, ct))
                count++;
        return count;
    }

    private static IResult Deleted(string jobId, bool cancelled, int filesDeleted) => Answer(jobId, DeletedStatus, cancelled, filesDeleted);

    private static IResult Answer(string jobId, string status, bool cancelled, int filesDeleted) =>
        Results.Json(new JobDeletedResponse(jobId, status, cancelled, filesDeleted), ApiJson.Options);

    [LoggerMessage(EventId = 1010, EventName = "Deleting", Level = LogLevel.Information, Message = "Job {JobId} cancelled; its workflow has not closed yet, so its files are left to its compensation and a repeated delete")]
    private static partial void LogDeleting(ILogger logger, string jobId);

    [LoggerMessage(EventId = 1011, EventName = "Deleted", Level = LogLevel.Information, Message = "Deleted job {JobId} (cancelled {Cancelled}, {FilesDeleted} files)")]
    private static partial void LogDeleted(ILogger logger, string jobId, bool cancelled, int filesDeleted);
}
