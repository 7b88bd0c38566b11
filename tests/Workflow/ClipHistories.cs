using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Common;
using static Geopera.Clip.Tests.Workflow.ClipTestData;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// One history per path of ClipWorkflow, as a server would record it, and for each path one
/// deliberately wrong history (a changed command sequence) that replay must reject.
/// </summary>
public static class ClipHistories
{
    /// <summary>The admission errors of resolve-assets (400/403) and reserve-credits (402).</summary>
    public static readonly string[] ResolveRejections =
        [ClipErrors.NoRasterAssets, ClipErrors.NoStorageBucket, ClipErrors.NotFound, ClipErrors.Forbidden, ClipErrors.InvalidRequest];

    /// <summary>resolve → reserve → admitted → one warp → register → completed.</summary>
    public static WorkflowHistory OneAsset(bool skipRegister = false, bool admitBeforeReserve = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1);
        if (admitBeforeReserve)
            script.AdmitReturns(1);
        script.Reserve(1);
        var warps = script.AdmittedWithWarps(1);
        if (!admitBeforeReserve)
            script.AdmitReturns(1);
        var started = script.Start(warps);
        script.WarpCompletes(warps[0], started[0], "rgb").WorkflowTask();
        if (!skipRegister)
            script.Activity(ActivityNames.RegisterArtifacts, null);
        return script.Status(JobStatus.Completed).Completed(null).Build();
    }

    /// <summary>Six assets, four warps at a time: the fifth and sixth are issued as the first two
    /// finish. <paramref name="unbounded"/> issues all six at once (wrong).</summary>
    public static WorkflowHistory SixAssetsFourAtATime(bool unbounded = false)
    {
        var mosaic = MosaicTypesOf(6);
        var script = new ClipHistoryScript(Input()).Resolve(6).Reserve(6);
        var warps = script.AdmittedWithWarps(unbounded ? 6 : 4);
        script.AdmitReturns(6);
        var started = script.Start(warps);
        script.WarpCompletes(warps[0], started[0], mosaic[0]).WorkflowTask();
        if (!unbounded)
        {
            warps.AddRange(script.ScheduleWarps(1));
            script.WarpCompletes(warps[1], started[1], mosaic[1]).WorkflowTask();
            warps.AddRange(script.ScheduleWarps(1));
            started.AddRange(script.Start(warps[4..]));
        }
        else
        {
            script.WarpCompletes(warps[1], started[1], mosaic[1]).WorkflowTask();
        }
        for (var i = 2; i < 6; i++)
            script.WarpCompletes(warps[i], started[i], mosaic[i]);
        return script.WorkflowTask().Activity(ActivityNames.RegisterArtifacts, null)
            .Status(JobStatus.Completed).Completed(null).Build();
    }

    /// <summary>resolve-assets refuses the request: the update fails, the workflow fails, nothing
    /// is compensated. <paramref name="compensate"/> adds a close-job (wrong).</summary>
    public static WorkflowHistory RejectedByResolve(string errorType, bool compensate = false)
    {
        var script = new ClipHistoryScript(Input()).ActivityFails(ActivityNames.ResolveAssets, errorType, "refused");
        return Rejected(script, errorType, compensate);
    }

    /// <summary>resolve-assets finds no raster asset: the workflow itself refuses (NoRasterAssets).</summary>
    public static WorkflowHistory RejectedForNoAssets(bool compensate = false) =>
        Rejected(new ClipHistoryScript(Input()).Resolve(0), ClipErrors.NoRasterAssets, compensate);

    /// <summary>The details reserve-credits attaches to QuotaExceeded (as the data platform does).</summary>
    public static readonly IReadOnlyDictionary<string, long> QuotaNumbers =
        new Dictionary<string, long> { ["used"] = 99_000, ["limit"] = 100_000, ["requested"] = 1_200 };

    /// <summary>reserve-credits refuses for quota (402): the update fails, nothing is compensated.</summary>
    public static WorkflowHistory RejectedForQuota(bool compensate = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1)
            .ActivityFails(ActivityNames.ReserveCredits, ClipErrors.QuotaExceeded, "quota exceeded", QuotaNumbers);
        return Rejected(script, ClipErrors.QuotaExceeded, compensate);
    }

    /// <summary>Two warps; the first fails non-retryably, the second is cancelled and acknowledges,
    /// then outputs are deleted and the job closed as failed. <paramref name="skipDelete"/> leaves
    /// out the delete (wrong).</summary>
    public static WorkflowHistory WarpFailsThenCompensates(bool skipDelete = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(2).Reserve(2);
        var warps = script.AdmittedWithWarps(2);
        script.AdmitReturns(2);
        var started = script.Start(warps);
        script.WarpFails(warps[0], started[0], ClipErrors.InvalidRaster).WorkflowTask();
        var cancelRequested = script.CancelRequested([warps[1]]);
        script.WarpCanceled(warps[1], started[1], cancelRequested[0]).WorkflowTask();
        if (!skipDelete)
            script.Activity(ActivityNames.DeleteOutputs, null);
        return script.Activity(ActivityNames.CloseJob, null)
            .Status(JobStatus.Failed).Failed(ClipErrors.InvalidRaster).Build();
    }

    /// <summary>Cancelled while two warps run: both are cancelled and acknowledge, outputs are
    /// deleted, credits released, the workflow ends cancelled. <paramref name="closeBeforeDelete"/>
    /// swaps the compensation steps (wrong).</summary>
    public static WorkflowHistory CancelledDuringWarps(bool closeBeforeDelete = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(2).Reserve(2);
        var warps = script.AdmittedWithWarps(2);
        script.AdmitReturns(2);
        var started = script.Start(warps);
        script.WorkflowCancelRequested().WorkflowTask();
        var cancelRequested = script.CancelRequested(warps);
        script.WarpCanceled(warps[0], started[0], cancelRequested[0])
            .WarpCanceled(warps[1], started[1], cancelRequested[1]).WorkflowTask();
        string[] steps = closeBeforeDelete
            ? [ActivityNames.CloseJob, ActivityNames.DeleteOutputs]
            : [ActivityNames.DeleteOutputs, ActivityNames.CloseJob];
        foreach (var step in steps)
            script.Activity(step, null);
        return script.Status(JobStatus.Cancelled).Canceled().Build();
    }

    /// <summary>Cancelled while reserve-credits runs: the reservation is not cancelled (it would
    /// commit after the release otherwise); once it returns, close-job releases it and the workflow
    /// ends cancelled. <paramref name="cancelReservation"/> records a cancel request for it (wrong).</summary>
    public static WorkflowHistory CancelledDuringReservation(bool cancelReservation = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1);
        var reserve = script.ActivityRunning(ActivityNames.ReserveCredits);
        script.WorkflowCancelRequested().WorkflowTask();
        if (cancelReservation)
            script.CancelRequested([reserve.Scheduled]);
        script.ActivityCompletes(reserve, Reservation(1)).WorkflowTask();
        // The caller is answered as soon as the job is known to be cancelled, before compensation ends.
        var close = script.ActivityScheduled(ActivityNames.CloseJob);
        script.AdmitFails(Workflows.JobFailures.CancelledType);
        script.ActivityCompletes((close, script.Start([close])[0]), null).WorkflowTask();
        return script.Status(JobStatus.Cancelled).Canceled().Build();
    }

    /// <summary>Cancelled while resolve-assets runs: it is cancelled too, nothing was reserved, so
    /// the workflow ends cancelled at once. <paramref name="compensate"/> adds a close-job (wrong).</summary>
    public static WorkflowHistory CancelledDuringResolve(bool compensate = false)
    {
        var script = new ClipHistoryScript(Input());
        var resolve = script.ActivityRunning(ActivityNames.ResolveAssets);
        script.WorkflowCancelRequested().WorkflowTask().CancelRequested([resolve.Scheduled]);
        if (compensate)
            script.WorkflowTask().Activity(ActivityNames.CloseJob, null);
        return script.Status(JobStatus.Cancelled).AdmitFails(Workflows.JobFailures.CancelledType).Canceled().Build();
    }

    /// <summary>register-artifacts refuses (the project was deleted meanwhile): outputs are deleted,
    /// credits released, the job fails. <paramref name="skipClose"/> leaves out close-job (wrong).</summary>
    public static WorkflowHistory RegisterFailsThenCompensates(bool skipClose = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1).Reserve(1);
        var warps = script.AdmittedWithWarps(1);
        script.AdmitReturns(1);
        var started = script.Start(warps);
        script.WarpCompletes(warps[0], started[0], "rgb").WorkflowTask()
            .ActivityFails(ActivityNames.RegisterArtifacts, ClipErrors.NotFound, "project deleted")
            .Activity(ActivityNames.DeleteOutputs, null);
        if (!skipClose)
            script.Activity(ActivityNames.CloseJob, null);
        return script.Status(JobStatus.Failed).Failed(ClipErrors.NotFound).Build();
    }

    /// <summary>Every correct history, named as in tests/histories/.</summary>
    public static IEnumerable<(string Name, WorkflowHistory History)> All()
    {
        yield return ("one-asset-completed", OneAsset());
        yield return ("six-assets-four-at-a-time-completed", SixAssetsFourAtATime());
        foreach (var type in ResolveRejections)
            yield return ($"rejected-by-resolve-{type}", RejectedByResolve(type));
        yield return ("rejected-no-raster-assets-resolved", RejectedForNoAssets());
        yield return ("rejected-quota-exceeded", RejectedForQuota());
        yield return ("warp-failed-compensated", WarpFailsThenCompensates());
        yield return ("cancelled-during-warps-compensated", CancelledDuringWarps());
        yield return ("cancelled-during-reservation-released", CancelledDuringReservation());
        yield return ("cancelled-during-resolve", CancelledDuringResolve());
        yield return ("register-failed-compensated", RegisterFailsThenCompensates());
    }

    private static WorkflowHistory Rejected(ClipHistoryScript script, string errorType, bool compensate)
    {
        if (compensate)
            script.Activity(ActivityNames.CloseJob, null);
        return script.Status(JobStatus.Rejected).AdmitFails(errorType).Failed(errorType).Build();
    }
}
