using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Common;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// Writes a ClipWorkflow history in the workflow's own vocabulary (resolve, reserve, warps …) on
/// top of <see cref="HistoryBuilder"/>. Each step ends with the workflow task that reacts to it,
/// so steps compose like the job's timeline. Deliberately wrong histories are written with the same
/// steps in a wrong order.
/// </summary>
public sealed class ClipHistoryScript
{
    public const string UpdateId = "admit-1";
    private const string StatusAttribute = "ClipJobStatus";

    private readonly HistoryBuilder builder;
    private readonly long admitAccepted;

    /// <summary>Started by update-with-start: the first workflow task accepts Admit.</summary>
    public ClipHistoryScript(ClipJobInput input)
    {
        builder = new HistoryBuilder("ClipWorkflow", ClipTestData.MainQueue, input);
        builder.WorkflowTask();
        admitAccepted = builder.UpdateAccepted(UpdateId, "Admit", ClipTestData.Admit());
    }

    public ClipHistoryScript Resolve(int assets) => Activity(ActivityNames.ResolveAssets, ClipTestData.Resolved(assets));

    public ClipHistoryScript Reserve(int assets) => Activity(ActivityNames.ReserveCredits, ClipTestData.Reservation(assets));

    /// <summary>An activity is scheduled, runs and completes; the next workflow task follows.</summary>
    public ClipHistoryScript Activity(string activityType, object? result, string? taskQueue = null)
    {
        var scheduled = builder.ActivityScheduled(activityType, taskQueue);
        builder.ActivityCompleted(scheduled, builder.ActivityStarted(scheduled), result).WorkflowTask();
        return this;
    }

    /// <summary>An activity is scheduled and starts; it is still running. Returns its event ids.</summary>
    public (long Scheduled, long Started) ActivityRunning(string activityType)
    {
        var scheduled = builder.ActivityScheduled(activityType);
        return (scheduled, builder.ActivityStarted(scheduled));
    }

    /// <summary>An activity is scheduled in the last workflow task (not yet started).</summary>
    public long ActivityScheduled(string activityType) => builder.ActivityScheduled(activityType);

    public ClipHistoryScript ActivityCompletes((long Scheduled, long Started) activity, object? result)
    {
        builder.ActivityCompleted(activity.Scheduled, activity.Started, result);
        return this;
    }

    /// <summary>An activity is scheduled and fails for good; the next workflow task follows.</summary>
    public ClipHistoryScript ActivityFails(string activityType, string errorType, string message, object? details = null)
    {
        var scheduled = builder.ActivityScheduled(activityType);
        builder.ActivityFailed(scheduled, builder.ActivityStarted(scheduled), errorType, message, details).WorkflowTask();
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
        [.. Enumerable.Range(0, count).Select(_ => builder.ActivityScheduled(ActivityNames.Warp, ClipTestData.WarpQueue))];

    public ClipHistoryScript AdmitReturns(int assets)
    {
        builder.UpdateCompleted(admitAccepted, UpdateId, ClipTestData.Admission(assets));
        return this;
    }

    public ClipHistoryScript AdmitFails(string errorType)
    {
        builder.UpdateFailed(admitAccepted, UpdateId, errorType, $"admission refused: {errorType}");
        return this;
    }

    /// <summary>Warps start; returns their started event ids.</summary>
    public List<long> Start(IEnumerable<long> scheduled) => [.. scheduled.Select(builder.ActivityStarted)];

    public ClipHistoryScript WarpCompletes(long scheduled, long started, string mosaicType)
    {
        builder.ActivityCompleted(scheduled, started, ClipTestData.Artifact(mosaicType));
        return this;
    }

    public ClipHistoryScript WarpFails(long scheduled, long started, string errorType)
    {
        builder.ActivityFailed(scheduled, started, errorType, $"warp failed: {errorType}");
        return this;
    }

    /// <summary>The workflow asks for the given warps to be cancelled (in its last task).</summary>
    public List<long> CancelRequested(IEnumerable<long> scheduled) =>
        [.. scheduled.Select(s => { builder.ActivityCancelRequested(s); return builder.LastEventId; })];

    public ClipHistoryScript WarpCanceled(long scheduled, long started, long cancelRequested)
    {
        builder.ActivityCanceled(scheduled, started, cancelRequested);
        return this;
    }

    public ClipHistoryScript WorkflowCancelRequested()
    {
        builder.CancelRequested();
        return this;
    }

    public ClipHistoryScript WorkflowTask()
    {
        builder.WorkflowTask();
        return this;
    }

    public ClipHistoryScript Status(string status)
    {
        builder.SearchAttributesUpserted(StatusAttribute, status);
        return this;
    }

    public ClipHistoryScript Completed(object? result)
    {
        builder.WorkflowCompleted(result);
        return this;
    }

    public ClipHistoryScript Failed(string errorType)
    {
        builder.WorkflowFailed(errorType, $"job failed: {errorType}");
        return this;
    }

    public ClipHistoryScript Canceled()
    {
        builder.WorkflowCanceled();
        return this;
    }

    public WorkflowHistory Build() => builder.Build(ClipTestData.WorkflowId);
}
