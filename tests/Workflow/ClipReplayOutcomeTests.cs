using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// What the real workflow code answers on each path — the Admit update's outcome and the state
/// GetState returns at the end — captured while replaying the path's history (replay compares
/// commands only, not these values).
/// </summary>
public sealed class ClipReplayOutcomeTests
{
    private static async Task<OutcomeCapture> ReplayAsync(WorkflowHistory history)
    {
        var capture = new OutcomeCapture();
        var options = TestReplayer.Options(capture);
        await new WorkflowReplayer(options).ReplayWorkflowAsync(history, throwOnReplayFailure: true, TestContext.Current.CancellationToken);
        Assert.NotNull(capture.FinalState);
        return capture;
    }

    private static ApplicationFailureException AdmitFailure(OutcomeCapture capture) =>
        Assert.IsType<ApplicationFailureException>(Assert.Single(capture.AdmitOutcomes));

    [Fact]
    public async Task One_asset_admits_then_completes_with_its_artifact()
    {
        var capture = await ReplayAsync(ClipHistories.OneAsset());
        var admission = Assert.IsType<AdmissionResult>(Assert.Single(capture.AdmitOutcomes));
        Assert.Equal(new JobSummary(ClipTestData.JobId, JobStatus.Running, "cog_clip", ClipTestData.OrganizationId), admission.Job);
        Assert.Equal(["data_1"], admission.AssetKeys);
        var state = capture.FinalState!;
        Assert.Equal(JobStatus.Completed, state.Status);
        Assert.Equal([new AssetProgress("data_1", "rgb", AssetStatus.Completed, 1)], state.Assets);
        Assert.Equal([ClipTestData.Artifact("rgb")], state.OutputArtifacts);
        Assert.Null(state.Failure);
    }

    [Fact]
    public async Task Six_assets_report_artifacts_in_asset_order()
    {
        var state = (await ReplayAsync(ClipHistories.SixAssetsFourAtATime())).FinalState!;
        Assert.Equal(JobStatus.Completed, state.Status);
        Assert.Equal(ClipTestData.MosaicTypesOf(6), state.OutputArtifacts.Select(a => a.MosaicType));
        Assert.All(state.Assets, a => Assert.Equal(AssetStatus.Completed, a.Status));
    }

    [Theory]
    [MemberData(nameof(ClipReplayTests.ResolveRejections), MemberType = typeof(ClipReplayTests))]
    public async Task Resolve_rejection_fails_admit_with_its_type(string errorType)
    {
        var capture = await ReplayAsync(ClipHistories.RejectedByResolve(errorType));
        Assert.Equal(errorType, AdmitFailure(capture).ErrorType);
        Assert.Equal((JobStatus.Rejected, errorType), (capture.FinalState!.Status, capture.FinalState.Failure?.Type));
        Assert.Empty(capture.FinalState.Assets);
    }

    [Fact]
    public async Task No_assets_resolved_fails_admit_with_no_raster_assets()
    {
        var capture = await ReplayAsync(ClipHistories.RejectedForNoAssets());
        Assert.Equal(ClipErrors.NoRasterAssets, AdmitFailure(capture).ErrorType);
        Assert.Equal(JobStatus.Rejected, capture.FinalState!.Status);
    }

    [Fact]
    public async Task Quota_rejection_carries_used_limit_requested()
    {
        var capture = await ReplayAsync(ClipHistories.RejectedForQuota());
        var failure = AdmitFailure(capture);
        Assert.Equal(ClipErrors.QuotaExceeded, failure.ErrorType);
        Assert.Equal(ClipHistories.QuotaNumbers, failure.Details.ElementAt<IReadOnlyDictionary<string, long>>(0));
        Assert.Equal(ClipHistories.QuotaNumbers, capture.FinalState!.Failure?.Details);
        Assert.Equal(JobStatus.Rejected, capture.FinalState.Status);
    }

    [Fact]
    public async Task Warp_failure_fails_the_job_and_cancels_the_other_warp()
    {
        var capture = await ReplayAsync(ClipHistories.WarpFailsThenCompensates());
        Assert.IsType<AdmissionResult>(Assert.Single(capture.AdmitOutcomes));
        var state = capture.FinalState!;
        Assert.Equal((JobStatus.Failed, ClipErrors.InvalidRaster), (state.Status, state.Failure?.Type));
        Assert.Equal([AssetStatus.Failed, AssetStatus.Cancelled], state.Assets.Select(a => a.Status));
        Assert.Empty(state.OutputArtifacts);
    }

    [Fact]
    public async Task Cancellation_during_warps_cancels_the_job()
    {
        var state = (await ReplayAsync(ClipHistories.CancelledDuringWarps())).FinalState!;
        Assert.Equal((JobStatus.Cancelled, JobFailures.CancelledType), (state.Status, state.Failure?.Type));
        Assert.All(state.Assets, a => Assert.Equal(AssetStatus.Cancelled, a.Status));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cancellation_before_admission_fails_admit_as_cancelled(bool duringReservation)
    {
        var capture = await ReplayAsync(duringReservation ? ClipHistories.CancelledDuringReservation() : ClipHistories.CancelledDuringResolve());
        Assert.Equal(JobFailures.CancelledType, AdmitFailure(capture).ErrorType);
        Assert.Equal(JobStatus.Cancelled, capture.FinalState!.Status);
    }

    [Fact]
    public async Task Registration_failure_fails_the_job_without_artifacts()
    {
        var state = (await ReplayAsync(ClipHistories.RegisterFailsThenCompensates())).FinalState!;
        Assert.Equal((JobStatus.Failed, ClipErrors.NotFound), (state.Status, state.Failure?.Type));
        Assert.Empty(state.OutputArtifacts);
    }

    [Fact]
    public async Task Cancel_arriving_with_the_reservations_result_cancels_before_admission()
    {
        var capture = await ReplayAsync(ClipHistories.CancelledWithTheReservationsResult());
        Assert.Equal(JobFailures.CancelledType, AdmitFailure(capture).ErrorType);
        Assert.Equal(JobStatus.Cancelled, capture.FinalState!.Status);
        Assert.Empty(capture.FinalState.Assets);
    }

    [Fact]
    public async Task Cancellation_during_registration_is_too_late_the_job_completes()
    {
        var state = (await ReplayAsync(ClipHistories.CancelledDuringRegistration())).FinalState!;
        Assert.Equal(JobStatus.Completed, state.Status);
        Assert.Equal([ClipTestData.Artifact("rgb")], state.OutputArtifacts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_retried_create_gets_the_same_admission(bool duringAdmission)
    {
        var capture = await ReplayAsync(duringAdmission ? ClipHistories.SecondAdmitDuringAdmission() : ClipHistories.SecondAdmitMidWarp());
        Assert.Equal(2, capture.AdmitOutcomes.Count);
        var first = Assert.IsType<AdmissionResult>(capture.AdmitOutcomes[0]);
        var second = Assert.IsType<AdmissionResult>(capture.AdmitOutcomes[1]);
        Assert.Equal((first.Job, first.AssetsToClip), (second.Job, second.AssetsToClip));
        Assert.Equal(first.AssetKeys, second.AssetKeys);
        Assert.Equal(JobStatus.Completed, capture.FinalState!.Status);
    }

    [Fact]
    public async Task A_warp_retried_after_a_heartbeat_timeout_completes_the_job()
    {
        var state = (await ReplayAsync(ClipHistories.WarpHeartbeatTimeoutThenRetried())).FinalState!;
        Assert.Equal(JobStatus.Completed, state.Status);
        Assert.Equal([ClipTestData.Artifact("rgb")], state.OutputArtifacts);
    }

    [Fact]
    public async Task A_warp_that_timed_out_for_good_fails_the_job_as_a_timeout_with_the_last_error()
    {
        var state = (await ReplayAsync(ClipHistories.WarpTimedOutThenCompensates())).FinalState!;
        Assert.Equal((JobStatus.Failed, JobFailures.TimeoutType), (state.Status, state.Failure?.Type));
        Assert.Equal(
            "Timed out (Heartbeat timeout) after its retries; the last attempt's error: StorageUnavailable: upload to gs://geopera-proj-42 failed: 503",
            state.Failure?.Message);
        Assert.Equal([AssetStatus.Failed, AssetStatus.Cancelled], state.Assets.Select(a => a.Status));
    }

    [Fact]
    public async Task A_warp_failing_while_siblings_run_stops_them_and_the_waiting_ones()
    {
        var state = (await ReplayAsync(ClipHistories.WarpFailsWhileSiblingsRun())).FinalState!;
        Assert.Equal((JobStatus.Failed, ClipErrors.InvalidRaster), (state.Status, state.Failure?.Type));
        Assert.Equal(
            [AssetStatus.Completed, AssetStatus.Cancelled, AssetStatus.Failed, AssetStatus.Cancelled, AssetStatus.Cancelled, AssetStatus.Cancelled],
            state.Assets.Select(a => a.Status));
        Assert.Empty(state.OutputArtifacts);
    }
}
