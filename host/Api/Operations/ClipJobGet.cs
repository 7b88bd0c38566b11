using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.job.get</c>: one job of the caller's organization.</summary>
public sealed partial class ClipJobGet(JobLookup lookup, IClipJobGateway gateway, ILogger<ClipJobGet> log) : IClipOperation
{
    public static readonly OperationDescriptor Descriptor = new(
        "clip.job.get", "clip:read", SideEffect.Read,
        "Get a single clip job by id",
        "While the job runs, its live state (status, per-asset progress, outputs so far) comes from the workflow; "
        + "once it ended, from the job record.",
        typeof(JobIdRequest), typeof(JobView),
        [new(200, "The job."), JobLookup.NotFoundAnswer]);

    public async Task<IResult> HandleAsync(OpCall call)
    {
        var job = await lookup.RequireAsync(call);
        ClipJobState? live = null;
        if (!JobStatus.IsTerminal(job.Status))
        {
            try
            {
                live = await gateway.GetStateAsync(job.WorkflowId, call.Aborted);
            }
            catch (JobRunnerUnavailableException e)
            {
                // The row still answers; progress is simply less fresh.
                LogStale(log, job.Id, e.Message);
            }
        }
        return Results.Json(JobViews.From(job, live), ApiJson.Options);
    }

    [LoggerMessage(EventId = 1008, EventName = "Stale", Level = LogLevel.Warning, Message = "Job {JobId}: live state unavailable, answering from the job row: {Reason}")]
    private static partial void LogStale(ILogger logger, string jobId, string reason);
}
