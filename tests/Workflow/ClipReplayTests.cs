using Xunit;
using Geopera.Clip.Workflows;
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
        new(new WorkflowReplayerOptions().AddWorkflow<ClipWorkflow>());

    private static Task ReplayAsync(WorkflowHistory history) =>
        Replayer().ReplayWorkflowAsync(history, throwOnReplayFailure: true);

    private static Task RejectsAsync(WorkflowHistory wrong) =>
        Assert.ThrowsAsync<WorkflowNondeterminismException>(() => ReplayAsync(wrong));

    [Fact]
    public Task OneAssetCompletes() => ReplayAsync(ClipHistories.OneAsset());

    [Fact]
    public Task OneAssetWithoutRegisterIsRejected() => RejectsAsync(ClipHistories.OneAsset(skipRegister: true));

    [Fact]
    public Task AdmissionAnsweredBeforeReservationIsRejected() => RejectsAsync(ClipHistories.OneAsset(admitBeforeReserve: true));

    [Fact]
    public Task SixAssetsWarpFourAtATime() => ReplayAsync(ClipHistories.SixAssetsFourAtATime());

    [Fact]
    public Task SixWarpsAtOnceIsRejected() => RejectsAsync(ClipHistories.SixAssetsFourAtATime(unbounded: true));

    public static TheoryData<string> ResolveRejections => [.. ClipHistories.ResolveRejections];

    [Theory]
    [MemberData(nameof(ResolveRejections))]
    public Task RejectionByResolveEndsWithoutCompensation(string errorType) =>
        ReplayAsync(ClipHistories.RejectedByResolve(errorType));

    [Theory]
    [MemberData(nameof(ResolveRejections))]
    public Task RejectionByResolveWithCompensationIsRejected(string errorType) =>
        RejectsAsync(ClipHistories.RejectedByResolve(errorType, compensate: true));

    [Fact]
    public Task NoRasterAssetsResolvedIsRejectedByTheWorkflow() => ReplayAsync(ClipHistories.RejectedForNoAssets());

    [Fact]
    public Task NoRasterAssetsWithCompensationIsRejected() => RejectsAsync(ClipHistories.RejectedForNoAssets(compensate: true));

    [Fact]
    public Task QuotaRejectionEndsWithoutCompensation() => ReplayAsync(ClipHistories.RejectedForQuota());

    [Fact]
    public Task QuotaRejectionWithCompensationIsRejected() => RejectsAsync(ClipHistories.RejectedForQuota(compensate: true));

    [Fact]
    public Task WarpFailureCancelsSiblingAndCompensates() => ReplayAsync(ClipHistories.WarpFailsThenCompensates());

    [Fact]
    public Task WarpFailureWithoutDeletingOutputsIsRejected() => RejectsAsync(ClipHistories.WarpFailsThenCompensates(skipDelete: true));

    [Fact]
    public Task CancellationDuringWarpsCompensates() => ReplayAsync(ClipHistories.CancelledDuringWarps());

    [Fact]
    public Task CancellationClosingBeforeDeletingIsRejected() => RejectsAsync(ClipHistories.CancelledDuringWarps(closeBeforeDelete: true));

    [Fact]
    public Task CancellationDuringReservationWaitsForItThenReleases() => ReplayAsync(ClipHistories.CancelledDuringReservation());

    [Fact]
    public Task CancellingTheReservationItselfIsRejected() => RejectsAsync(ClipHistories.CancelledDuringReservation(cancelReservation: true));

    [Fact]
    public Task CancellationDuringResolveEndsWithoutCompensation() => ReplayAsync(ClipHistories.CancelledDuringResolve());

    [Fact]
    public Task CancellationDuringResolveWithCompensationIsRejected() => RejectsAsync(ClipHistories.CancelledDuringResolve(compensate: true));

    [Fact]
    public Task RegisterFailureCompensates() => ReplayAsync(ClipHistories.RegisterFailsThenCompensates());

    [Fact]
    public Task RegisterFailureWithoutClosingIsRejected() => RejectsAsync(ClipHistories.RegisterFailsThenCompensates(skipClose: true));

    [Fact]
    public Task CancelWithTheReservationsResultReleasesWithoutAdmitting() => ReplayAsync(ClipHistories.CancelledWithTheReservationsResult());

    [Fact]
    public Task CancelWithTheReservationsResultAdmittingAnywayIsRejected() =>
        RejectsAsync(ClipHistories.CancelledWithTheReservationsResult(admitAnyway: true));

    [Fact]
    public Task CancellationDuringRegistrationStillCompletes() => ReplayAsync(ClipHistories.CancelledDuringRegistration());

    [Fact]
    public Task CancellingTheRegistrationIsRejected() => RejectsAsync(ClipHistories.CancelledDuringRegistration(cancelRegistration: true));

    [Fact]
    public Task SecondAdmitDuringAdmissionWaitsForIt() => ReplayAsync(ClipHistories.SecondAdmitDuringAdmission());

    [Fact]
    public Task SecondAdmitAnsweredBeforeAdmissionIsRejected() => RejectsAsync(ClipHistories.SecondAdmitDuringAdmission(answerAtOnce: true));

    [Fact]
    public Task SecondAdmitMidWarpIsAnsweredAtOnce() => ReplayAsync(ClipHistories.SecondAdmitMidWarp());

    [Fact]
    public Task SecondAdmitMidWarpWarpingAgainIsRejected() => RejectsAsync(ClipHistories.SecondAdmitMidWarp(warpAgain: true));

    [Fact]
    public Task WarpRetriedByTheServerAfterAHeartbeatTimeoutCompletes() => ReplayAsync(ClipHistories.WarpHeartbeatTimeoutThenRetried());

    [Fact]
    public Task WarpRetriedByTheWorkflowIsRejected() => RejectsAsync(ClipHistories.WarpHeartbeatTimeoutThenRetried(retriedByWorkflow: true));

    [Fact]
    public Task WarpTimedOutForGoodCompensates() => ReplayAsync(ClipHistories.WarpTimedOutThenCompensates());

    [Fact]
    public Task WarpTimedOutWithoutDeletingOutputsIsRejected() => RejectsAsync(ClipHistories.WarpTimedOutThenCompensates(skipDelete: true));

    [Fact]
    public Task WarpFailureWhileSiblingsRunCancelsThemAndIssuesNoMore() => ReplayAsync(ClipHistories.WarpFailsWhileSiblingsRun());

    [Fact]
    public Task WarpFailureFillingTheFreedSlotIsRejected() => RejectsAsync(ClipHistories.WarpFailsWhileSiblingsRun(fillFreedSlot: true));
}
