using Xunit;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// Replays built histories of every path against the current ClipWorkflow code. A correct history
/// must replay; a history with a changed command sequence must be rejected, which proves each
/// path's test can fail.
/// </summary>
public sealed class ClipReplayTests
{
    internal static WorkflowReplayer Replayer() =>
        new(TestReplayer.Options());

    private static Task ReplayAsync(WorkflowHistory history) =>
        Replayer().ReplayWorkflowAsync(history, throwOnReplayFailure: true);

    private static Task RejectsAsync(WorkflowHistory wrong) =>
        Assert.ThrowsAsync<WorkflowNondeterminismException>(() => ReplayAsync(wrong));

    [Fact]
    public Task One_asset_completes() => ReplayAsync(ClipHistories.OneAsset());

    [Fact]
    public Task One_asset_without_register_is_rejected() => RejectsAsync(ClipHistories.OneAsset(skipRegister: true));

    [Fact]
    public Task Admission_answered_before_reservation_is_rejected() => RejectsAsync(ClipHistories.OneAsset(admitBeforeReserve: true));

    [Fact]
    public Task Six_assets_warp_four_at_a_time() => ReplayAsync(ClipHistories.SixAssetsFourAtATime());

    [Fact]
    public Task Six_warps_at_once_is_rejected() => RejectsAsync(ClipHistories.SixAssetsFourAtATime(unbounded: true));

    public static TheoryData<string> ResolveRejections => [.. ClipHistories.ResolveRejections];

    [Theory]
    [MemberData(nameof(ResolveRejections))]
    public Task Rejection_by_resolve_ends_without_compensation(string errorType) =>
        ReplayAsync(ClipHistories.RejectedByResolve(errorType));

    [Theory]
    [MemberData(nameof(ResolveRejections))]
    public Task Rejection_by_resolve_with_compensation_is_rejected(string errorType) =>
        RejectsAsync(ClipHistories.RejectedByResolve(errorType, compensate: true));

    [Fact]
    public Task No_raster_assets_resolved_is_rejected_by_the_workflow() => ReplayAsync(ClipHistories.RejectedForNoAssets());

    [Fact]
    public Task No_raster_assets_with_compensation_is_rejected() => RejectsAsync(ClipHistories.RejectedForNoAssets(compensate: true));

    [Fact]
    public Task Quota_rejection_ends_without_compensation() => ReplayAsync(ClipHistories.RejectedForQuota());

    [Fact]
    public Task Quota_rejection_with_compensation_is_rejected() => RejectsAsync(ClipHistories.RejectedForQuota(compensate: true));

    [Fact]
    public Task Warp_failure_cancels_sibling_and_compensates() => ReplayAsync(ClipHistories.WarpFailsThenCompensates());

    [Fact]
    public Task Warp_failure_without_deleting_outputs_is_rejected() => RejectsAsync(ClipHistories.WarpFailsThenCompensates(skipDelete: true));

    [Fact]
    public Task Cancellation_during_warps_compensates() => ReplayAsync(ClipHistories.CancelledDuringWarps());

    [Fact]
    public Task Cancellation_closing_before_deleting_is_rejected() => RejectsAsync(ClipHistories.CancelledDuringWarps(closeBeforeDelete: true));

    [Fact]
    public Task Cancellation_during_reservation_waits_for_it_then_releases() => ReplayAsync(ClipHistories.CancelledDuringReservation());

    [Fact]
    public Task Cancelling_the_reservation_itself_is_rejected() => RejectsAsync(ClipHistories.CancelledDuringReservation(cancelReservation: true));

    [Fact]
    public Task Cancellation_during_resolve_ends_without_compensation() => ReplayAsync(ClipHistories.CancelledDuringResolve());

    [Fact]
    public Task Cancellation_during_resolve_with_compensation_is_rejected() => RejectsAsync(ClipHistories.CancelledDuringResolve(compensate: true));

    [Fact]
    public Task Register_failure_compensates() => ReplayAsync(ClipHistories.RegisterFailsThenCompensates());

    [Fact]
    public Task Register_failure_without_closing_is_rejected() => RejectsAsync(ClipHistories.RegisterFailsThenCompensates(skipClose: true));

    [Fact]
    public Task Cancel_with_the_reservations_result_releases_without_admitting() => ReplayAsync(ClipHistories.CancelledWithTheReservationsResult());

    [Fact]
    public Task Cancel_with_the_reservations_result_admitting_anyway_is_rejected() =>
        RejectsAsync(ClipHistories.CancelledWithTheReservationsResult(admitAnyway: true));

    [Fact]
    public Task Cancellation_during_registration_still_completes() => ReplayAsync(ClipHistories.CancelledDuringRegistration());

    [Fact]
    public Task Cancelling_the_registration_is_rejected() => RejectsAsync(ClipHistories.CancelledDuringRegistration(cancelRegistration: true));

    [Fact]
    public Task Second_admit_during_admission_waits_for_it() => ReplayAsync(ClipHistories.SecondAdmitDuringAdmission());

    [Fact]
    public Task Second_admit_answered_before_admission_is_rejected() => RejectsAsync(ClipHistories.SecondAdmitDuringAdmission(answerAtOnce: true));

    [Fact]
    public Task Second_admit_mid_warp_is_answered_at_once() => ReplayAsync(ClipHistories.SecondAdmitMidWarp());

    [Fact]
    public Task Second_admit_mid_warp_warping_again_is_rejected() => RejectsAsync(ClipHistories.SecondAdmitMidWarp(warpAgain: true));

    [Fact]
    public Task Warp_retried_by_the_server_after_a_heartbeat_timeout_completes() => ReplayAsync(ClipHistories.WarpHeartbeatTimeoutThenRetried());

    [Fact]
    public Task Warp_retried_by_the_workflow_is_rejected() => RejectsAsync(ClipHistories.WarpHeartbeatTimeoutThenRetried(retriedByWorkflow: true));

    [Fact]
    public Task Warp_timed_out_for_good_compensates() => ReplayAsync(ClipHistories.WarpTimedOutThenCompensates());

    [Fact]
    public Task Warp_timed_out_without_deleting_outputs_is_rejected() => RejectsAsync(ClipHistories.WarpTimedOutThenCompensates(skipDelete: true));

    [Fact]
    public Task Warp_failure_while_siblings_run_cancels_them_and_issues_no_more() => ReplayAsync(ClipHistories.WarpFailsWhileSiblingsRun());

    [Fact]
    public Task Warp_failure_filling_the_freed_slot_is_rejected() => RejectsAsync(ClipHistories.WarpFailsWhileSiblingsRun(fillFreedSlot: true));
}
