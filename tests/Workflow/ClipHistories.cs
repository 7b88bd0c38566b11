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
        [ClipErrors.NoRasterAssets, ClipErrors.NoStorageBucket, ClipErrors.NotFound, ClipErrors.Forbidden, ClipErrors.InvalidRequest, ClipErrors.TooManyAssets];

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
        script.WarpCompletes(warps[0], "rgb").WorkflowTask();
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
        script.WarpCompletes(warps[0], mosaic[0]).WorkflowTask();
        if (!unbounded)
            warps.AddRange(script.ScheduleWarps(1));
        script.WarpCompletes(warps[1], mosaic[1]).WorkflowTask();
        if (!unbounded)
            warps.AddRange(script.ScheduleWarps(1));
        for (var i = 2; i < 6; i++)
            script.WarpCompletes(warps[i], mosaic[i]);
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
        script.WarpFails(warps[0], ClipErrors.InvalidRaster).WorkflowTask();
        var cancelRequested = script.CancelRequested([warps[1]]);
        script.WarpCanceled(warps[1], cancelRequested[0]).WorkflowTask();
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
        script.WorkflowCancelRequested().WorkflowTask();
        var cancelRequested = script.CancelRequested(warps);
        script.WarpCanceled(warps[0], cancelRequested[0])
            .WarpCanceled(warps[1], cancelRequested[1]).WorkflowTask();
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
        var reserve = script.ActivityScheduled(ActivityNames.ReserveCredits);
        script.WorkflowCancelRequested().WorkflowTask();
        if (cancelReservation)
            script.CancelRequested([reserve]);
        script.ActivityCompletes(reserve, Reservation(1)).WorkflowTask();
        return ReleasedAfterCancel(script);
    }

    /// <summary>The cancel reaches the workflow in the same task as the reservation's result: the
    /// job is cancelled before admission, so the reservation is released and no warp is issued.
    /// <paramref name="admitAnyway"/> admits and issues the warp first (wrong: what the SDK's
    /// legacy event loop, which runs without the live worker's flags, would do).</summary>
    public static WorkflowHistory CancelledWithTheReservationsResult(bool admitAnyway = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1);
        var reserve = script.ActivityScheduled(ActivityNames.ReserveCredits);
        script.ActivityCompletes(reserve, Reservation(1)).WorkflowCancelRequested().WorkflowTask();
        if (admitAnyway)
            script.AdmittedWithWarps(1);
        return ReleasedAfterCancel(script);
    }

    // The caller is answered as soon as the job is known to be cancelled, before compensation ends.
    private static WorkflowHistory ReleasedAfterCancel(ClipHistoryScript script)
    {
        var close = script.ActivityScheduled(ActivityNames.CloseJob);
        script.AdmitFails(Workflows.JobFailures.CancelledType);
        script.ActivityCompletes(close, null).WorkflowTask();
        return script.Status(JobStatus.Cancelled).Canceled().Build();
    }

    /// <summary>Cancelled while resolve-assets runs: it is cancelled too, nothing was reserved, so
    /// the workflow ends cancelled at once. <paramref name="compensate"/> adds a close-job (wrong).</summary>
    public static WorkflowHistory CancelledDuringResolve(bool compensate = false)
    {
        var script = new ClipHistoryScript(Input());
        var resolve = script.ActivityScheduled(ActivityNames.ResolveAssets);
        script.WorkflowCancelRequested().WorkflowTask().CancelRequested([resolve]);
        if (compensate)
            script.WorkflowTask().Activity(ActivityNames.CloseJob, null);
        return script.Status(JobStatus.Cancelled).AdmitFails(Workflows.JobFailures.CancelledType).Canceled().Build();
    }

    /// <summary>Cancelled while register-artifacts runs: too late, every output exists; registration
    /// is not cancelled and the job completes. <paramref name="cancelRegistration"/> records a cancel
    /// request for it (wrong).</summary>
    public static WorkflowHistory CancelledDuringRegistration(bool cancelRegistration = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1).Reserve(1);
        var warps = script.AdmittedWithWarps(1);
        script.AdmitReturns(1).WarpCompletes(warps[0], "rgb").WorkflowTask();
        var register = script.ActivityScheduled(ActivityNames.RegisterArtifacts);
        script.WorkflowCancelRequested().WorkflowTask();
        if (cancelRegistration)
            script.CancelRequested([register]);
        script.ActivityCompletes(register, null).WorkflowTask();
        return script.Status(JobStatus.Completed).Completed(null).Build();
    }

    /// <summary>A retried create (a second Admit) reaches the job while resolve-assets runs: it waits
    /// for admission and gets the same answer as the first. <paramref name="answerAtOnce"/> answers it
    /// before admission is decided (wrong).</summary>
    public static WorkflowHistory SecondAdmitDuringAdmission(bool answerAtOnce = false)
    {
        var script = new ClipHistoryScript(Input());
        var resolve = script.ActivityScheduled(ActivityNames.ResolveAssets);
        var second = script.AnotherAdmitAccepted(SecondUpdateId);
        if (answerAtOnce)
            script.AdmitReturns(1, second, SecondUpdateId);
        script.ActivityCompletes(resolve, Resolved(1)).WorkflowTask().Reserve(1);
        var warps = script.AdmittedWithWarps(1);
        script.AdmitReturns(1);
        if (!answerAtOnce)
            script.AdmitReturns(1, second, SecondUpdateId);
        return FinishOneWarp(script, warps[0]);
    }

    /// <summary>A retried create reaches the job while its warp runs: answered at once from the
    /// recorded admission, nothing else happens. <paramref name="warpAgain"/> issues another warp for
    /// it (wrong: a retry must never warp twice).</summary>
    public static WorkflowHistory SecondAdmitMidWarp(bool warpAgain = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1).Reserve(1);
        var warps = script.AdmittedWithWarps(1);
        script.AdmitReturns(1);
        var second = script.AnotherAdmitAccepted(SecondUpdateId);
        if (warpAgain)
            script.ScheduleWarps(1);
        script.AdmitReturns(1, second, SecondUpdateId);
        return FinishOneWarp(script, warps[0]);
    }

    public const string SecondUpdateId = "admit-2";

    private static WorkflowHistory FinishOneWarp(ClipHistoryScript script, long warp, int attempt = 1, Temporalio.Api.Failure.V1.Failure? lastFailure = null) =>
        script.WarpCompletes(warp, "rgb", attempt, lastFailure).WorkflowTask().Activity(ActivityNames.RegisterArtifacts, null)
            .Status(JobStatus.Completed).Completed(null).Build();

    /// <summary>The progress a warp last heartbeated, as the server keeps it on a timeout.</summary>
    public static readonly WarpProgress LastProgress = new("rgb", 0.42);

    /// <summary>The warp's first attempt stops heartbeating; the server times it out and retries it
    /// (no event until the retry ends), and the retry completes: the history shows attempt 2 with the
    /// heartbeat timeout as its last failure. <paramref name="retriedByWorkflow"/> records the timeout
    /// as the warp's end and a new warp issued for it (wrong: retries belong to the server).</summary>
    public static WorkflowHistory WarpHeartbeatTimeoutThenRetried(bool retriedByWorkflow = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1).Reserve(1);
        var warps = script.AdmittedWithWarps(1);
        script.AdmitReturns(1);
        var timeout = HistoryBuilder.TimeoutFailure(Temporalio.Api.Enums.V1.TimeoutType.Heartbeat, null, LastProgress);
        if (retriedByWorkflow)
        {
            script.WarpTimesOut(warps[0], 1, Temporalio.Api.Enums.V1.TimeoutType.Heartbeat, null, LastProgress).WorkflowTask();
            return FinishOneWarp(script, script.ScheduleWarps(1)[0]);
        }
        return FinishOneWarp(script, warps[0], attempt: 2, lastFailure: timeout);
    }

    /// <summary>The failure the last warp attempt reported before the final one timed out.</summary>
    public static readonly Temporalio.Api.Failure.V1.Failure StorageDown =
        HistoryBuilder.ApplicationFailure(ClipErrors.StorageUnavailable, "upload to gs://geopera-proj-42 failed: 503", nonRetryable: false);

    /// <summary>A warp times out for good (its attempts ran out; the server's TimeoutFailure carries
    /// the attempt before's error): the sibling is cancelled, outputs deleted, credits released, the
    /// job fails as a timeout. <paramref name="skipDelete"/> leaves out the delete (wrong).</summary>
    public static WorkflowHistory WarpTimedOutThenCompensates(bool skipDelete = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(2).Reserve(2);
        var warps = script.AdmittedWithWarps(2);
        script.AdmitReturns(2);
        script.WarpTimesOut(warps[0], 5, Temporalio.Api.Enums.V1.TimeoutType.Heartbeat, StorageDown, LastProgress).WorkflowTask();
        var cancelRequested = script.CancelRequested([warps[1]]);
        script.WarpCanceled(warps[1], cancelRequested[0]).WorkflowTask();
        if (!skipDelete)
            script.Activity(ActivityNames.DeleteOutputs, null);
        return script.Activity(ActivityNames.CloseJob, null)
            .Status(JobStatus.Failed).Failed(Workflows.JobFailures.TimeoutType).Build();
    }

    /// <summary>Six assets, four warps running: the third fails while the others run and two wait for
    /// a slot. The running ones are cancelled (the first finishes anyway before it sees the cancel),
    /// the waiting ones are never issued, then compensation. <paramref name="fillFreedSlot"/> issues
    /// a waiting warp into the failed one's slot (wrong).</summary>
    public static WorkflowHistory WarpFailsWhileSiblingsRun(bool fillFreedSlot = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(6).Reserve(6);
        var warps = script.AdmittedWithWarps(4);
        script.AdmitReturns(6);
        script.WarpFails(warps[2], ClipErrors.InvalidRaster).WorkflowTask();
        var cancelRequested = script.CancelRequested([warps[0], warps[1], warps[3]]);
        if (fillFreedSlot)
            script.ScheduleWarps(1);
        script.WarpCompletes(warps[0], MosaicTypesOf(6)[0])
            .WarpCanceled(warps[1], cancelRequested[1])
            .WarpCanceled(warps[3], cancelRequested[2]).WorkflowTask();
        return script.Activity(ActivityNames.DeleteOutputs, null).Activity(ActivityNames.CloseJob, null)
            .Status(JobStatus.Failed).Failed(ClipErrors.InvalidRaster).Build();
    }

    /// <summary>register-artifacts refuses (the project was deleted meanwhile): outputs are deleted,
    /// credits released, the job fails. <paramref name="skipClose"/> leaves out close-job (wrong).</summary>
    public static WorkflowHistory RegisterFailsThenCompensates(bool skipClose = false)
    {
        var script = new ClipHistoryScript(Input()).Resolve(1).Reserve(1);
        var warps = script.AdmittedWithWarps(1);
        script.AdmitReturns(1);
        script.WarpCompletes(warps[0], "rgb").WorkflowTask()
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
        yield return ("cancelled-with-the-reservations-result-released", CancelledWithTheReservationsResult());
        yield return ("cancelled-during-registration-completed", CancelledDuringRegistration());
        yield return ("second-admit-during-admission-completed", SecondAdmitDuringAdmission());
        yield return ("second-admit-mid-warp-completed", SecondAdmitMidWarp());
        yield return ("warp-heartbeat-timeout-retried-completed", WarpHeartbeatTimeoutThenRetried());
        yield return ("warp-timed-out-compensated", WarpTimedOutThenCompensates());
        yield return ("warp-failed-while-siblings-run-compensated", WarpFailsWhileSiblingsRun());
    }

    private static WorkflowHistory Rejected(ClipHistoryScript script, string errorType, bool compensate)
    {
        if (compensate)
            script.Activity(ActivityNames.CloseJob, null);
        return script.Status(JobStatus.Rejected).AdmitFails(errorType).Failed(errorType).Build();
    }
}
