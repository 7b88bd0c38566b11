using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Common;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// Writes a ClipWorkflow history in the workflow's own vocabulary (resolve, reserve, warps …) on
/// top of <see cref="HistoryBuilder"/>. Each step ends with the workflow task that reacts to it,
/// so steps compose like the job's timeline. An activity's ActivityTaskStarted is written with its
/// closing event, as a server does. Deliberately wrong histories are written with the same steps
/// in a wrong order.
/// </summary>
public sealed class ClipHistoryScript
{
    public const string UpdateId = "admit-1";
    private const string StatusAttribute = "ClipJobStatus";

    private readonly HistoryBuilder _builder;
    private readonly long _admitAccepted;

    /// <summary>Started by update-with-start: the first workflow task accepts Admit.</summary>
    public ClipHistoryScript(ClipJobInput input)
    {
        _builder = new HistoryBuilder("ClipWorkflow", ClipTestData.MainQueue, input);
        _builder.WorkflowTask();
        _admitAccepted = _builder.UpdateAccepted(UpdateId, "Admit", ClipTestData.Admit());
    }

    public ClipHistoryScript Resolve(int assets) => Activity(ActivityNames.ResolveAssets, ClipTestData.Resolved(assets));

    public ClipHistoryScript Reserve(int assets) => Activity(ActivityNames.ReserveCredits, ClipTestData.Reservation(assets));

    /// <summary>An activity is scheduled, runs and completes; the next workflow task follows.</summary>
    public ClipHistoryScript Activity(string activityType, object? result, string? taskQueue = null)
    {
        var scheduled = _builder.ActivityScheduled(activityType, taskQueue);
        return ActivityCompletes(scheduled, result).WorkflowTask();
    }

    /// <summary>An activity is scheduled in the last workflow task; it has not ended yet.</summary>
    public long ActivityScheduled(string activityType) => _builder.ActivityScheduled(activityType);

    /// <summary>The attempt that ends now started and completed (<paramref name="attempt"/> &gt; 1
    /// after retries, with the previous attempt's failure).</summary>
    public ClipHistoryScript ActivityCompletes(long scheduled, object? result, int attempt = 1, Failure? lastFailure = null)
    {
        _builder.ActivityCompleted(scheduled, _builder.ActivityStarted(scheduled, attempt, lastFailure), result);
        return this;
    }

    /// <summary>An activity is scheduled and fails for good; the next workflow task follows.</summary>
    public ClipHistoryScript ActivityFails(string activityType, string errorType, string message, object? details = null)
    {
        var scheduled = _builder.ActivityScheduled(activityType);
        _builder.ActivityFailed(scheduled, _builder.ActivityStarted(scheduled), errorType, message, details).WorkflowTask();
        return this;
    }

    /// <summary>Admission recorded: status upserted as running, then the warps the workflow issues
    /// in the same task. Returns their scheduled event ids, in asset order.</summary>
    public List<long> AdmittedWithWarps(int warpsIssued)
    {
        Status(JobStatus.Running);
        return ScheduleWarps(warpsIssued);
    }

    public List<long> ScheduleWarps(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => _builder.ActivityScheduled(ActivityNames.Warp, ClipTestData.WarpQueue))];

    public ClipHistoryScript AdmitReturns(int assets) => AdmitReturns(assets, _admitAccepted, UpdateId);

    public ClipHistoryScript AdmitReturns(int assets, long acceptedEventId, string updateId)
    {
        _builder.UpdateCompleted(acceptedEventId, updateId, ClipTestData.Admission(assets));
        return this;
    }

    public ClipHistoryScript AdmitFails(string errorType)
    {
        _builder.UpdateFailed(_admitAccepted, UpdateId, errorType, $"admission refused: {errorType}");
        return this;
    }

    /// <summary>Another Admit (a retried create) reaches the running job: a workflow task of its own
    /// accepts it. Returns the accepted event's id.</summary>
    public long AnotherAdmitAccepted(string updateId)
    {
        _builder.WorkflowTask();
        return _builder.UpdateAccepted(updateId, "Admit", ClipTestData.Admit());
    }

    public ClipHistoryScript WarpCompletes(long scheduled, string mosaicType, int attempt = 1, Failure? lastFailure = null) =>
        ActivityCompletes(scheduled, ClipTestData.Artifact(mosaicType), attempt, lastFailure);

    public ClipHistoryScript WarpFails(long scheduled, string errorType)
    {
        _builder.ActivityFailed(scheduled, _builder.ActivityStarted(scheduled), errorType, $"warp failed: {errorType}");
        return this;
    }

    /// <summary>The warp's last attempt timed out: the server writes that attempt's start and a
    /// TimeoutFailure whose cause is the attempt before's failure.</summary>
    public ClipHistoryScript WarpTimesOut(long scheduled, int attempts, TimeoutType timeoutType, Failure? lastAttemptFailure, object? lastHeartbeat = null)
    {
        var started = _builder.ActivityStarted(scheduled, attempts, lastAttemptFailure);
        _builder.ActivityTimedOut(scheduled, started, timeoutType, lastAttemptFailure, lastHeartbeat);
        return this;
    }

    /// <summary>The workflow asks for the given activities to be cancelled (in its last task).
    /// Returns the cancel requests' event ids, in the same order.</summary>
    public List<long> CancelRequested(IEnumerable<long> scheduled) =>
        [.. scheduled.Select(s => { _builder.ActivityCancelRequested(s); return _builder.LastEventId; })];

    /// <summary>A running warp acknowledges its cancellation (its attempt's start is written first).</summary>
    public ClipHistoryScript WarpCanceled(long scheduled, long cancelRequested)
    {
        _builder.ActivityCanceled(scheduled, _builder.ActivityStarted(scheduled), cancelRequested);
        return this;
    }

    public ClipHistoryScript WorkflowCancelRequested()
    {
        _builder.CancelRequested();
        return this;
    }

    public ClipHistoryScript WorkflowTask()
    {
        _builder.WorkflowTask();
        return this;
    }

    public ClipHistoryScript Status(string status)
    {
        _builder.SearchAttributesUpserted(StatusAttribute, status);
        return this;
    }

    public ClipHistoryScript Completed(object? result)
    {
        _builder.WorkflowCompleted(result);
        return this;
    }

    public ClipHistoryScript Failed(string errorType)
    {
        _builder.WorkflowFailed(errorType, $"job failed: {errorType}");
        return this;
    }

    public ClipHistoryScript Canceled()
    {
        _builder.WorkflowCanceled();
        return this;
    }

    public WorkflowHistory Build() => _builder.Build(ClipTestData.WorkflowId);
}
