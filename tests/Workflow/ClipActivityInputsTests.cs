using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Common;
using Temporalio.Worker;
using Temporalio.Workflows;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// What the real workflow code asks each activity to do — arguments and options — captured while it
/// replays a path's history. Replay alone checks only the names and order of activities, so a
/// workflow that passed the wrong job, bucket or status to an activity, or scheduled the warp on the
/// main queue with the admission policy, would still replay; these tests pin the values themselves
/// (written out, not recomputed with the workflow's own helpers).
/// </summary>
public sealed class ClipActivityInputsTests
{
    private static async Task<ActivityCommandCapture> ReplayAsync(WorkflowHistory history)
    {
        var capture = new ActivityCommandCapture();
        var options = TestReplayer.Options(capture);
        await new WorkflowReplayer(options).ReplayWorkflowAsync(history, throwOnReplayFailure: true, TestContext.Current.CancellationToken);
        return capture;
    }

    [Fact]
    public async Task Resolve_is_asked_for_the_jobs_source_project_and_asset_keys()
    {
        var capture = await ReplayAsync(ClipHistories.OneAsset());
        var resolve = capture.ArgumentOf<ResolveAssetsInput>(ActivityNames.ResolveAssets);
        Assert.Equal(ClipTestData.OrganizationId, resolve.OrganizationId);
        Assert.Equal(ClipSource.Item("item_s2_20261101"), resolve.Source);
        Assert.Equal("proj_42", resolve.ProjectId);
        Assert.Null(resolve.AssetKeys);
        Assert.Equal(ClipTestData.AoiGeoJson, resolve.AoiGeoJson);
    }

    [Fact]
    public async Task Reserve_carries_the_job_the_workflow_id_and_what_resolve_returned()
    {
        var capture = await ReplayAsync(ClipHistories.SixAssetsFourAtATime());
        var reserve = capture.ArgumentOf<ReserveCreditsInput>(ActivityNames.ReserveCredits);
        Assert.Equal(ClipTestData.JobId, reserve.JobId);
        Assert.Equal(ClipTestData.WorkflowId, reserve.WorkflowId);
        Assert.Equal(ClipTestData.IdempotencyKey, reserve.Job.IdempotencyKey);
        Assert.Equal(ClipTestData.Fingerprint, reserve.Job.RequestFingerprint);
        Assert.Equal(7_200, reserve.Resolved.ComputeUnits);
        Assert.Equal(ClipTestData.Bucket, reserve.Resolved.OutputBucket);
        Assert.Equal(["data_1", "data_2", "data_3", "data_4", "data_5", "data_6"], reserve.Resolved.Assets.Select(a => a.Key));
    }

    [Fact]
    public async Task Each_asset_is_warped_once_in_asset_order_with_its_mosaic_type_into_the_output_bucket()
    {
        var capture = await ReplayAsync(ClipHistories.SixAssetsFourAtATime());
        var warps = capture.Named(ActivityNames.Warp).Select(s => Assert.IsType<WarpInput>(s.Argument)).ToList();
        Assert.Equal(["data_1", "data_2", "data_3", "data_4", "data_5", "data_6"], warps.Select(w => w.Asset.Key));
        Assert.Equal(["rgb", "rgb_2", "rgb_3", "rgb_4", "rgb_5", "rgb_6"], warps.Select(w => w.MosaicType));
        Assert.Equal("gs://source/item_s2_20261101/data_3.tif", warps[2].Asset.Href);
        Assert.All(warps, w =>
        {
            Assert.Equal(ClipTestData.JobId, w.JobId);
            Assert.Equal(ClipTestData.Bucket, w.OutputBucket);
            Assert.Equal("berlin_mitte", w.OutputName);
            Assert.Null(w.AoiGeoJson); // read from the job row: the history holds the AOI once, not once per asset
        });
    }

    [Fact]
    public async Task Warps_run_on_the_jobs_warp_queue_under_the_warp_policy()
    {
        var capture = await ReplayAsync(ClipHistories.OneAsset());
        var options = capture.Single(ActivityNames.Warp).Options;
        Assert.Equal(ClipTestData.WarpQueue, options.TaskQueue);
        Assert.Equal(TimeSpan.FromSeconds(60), options.HeartbeatTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), options.StartToCloseTimeout);
        Assert.Equal(5, options.RetryPolicy!.MaximumAttempts);
        Assert.Contains(ClipErrors.InvalidRaster, options.RetryPolicy.NonRetryableErrorTypes!);
        Assert.Equal(ActivityCancellationType.WaitCancellationCompleted, options.CancellationType);
    }

    [Fact]
    public async Task Admission_and_registration_run_on_the_workflows_queue_with_their_own_policies()
    {
        var capture = await ReplayAsync(ClipHistories.OneAsset());
        foreach (var name in new[] { ActivityNames.ResolveAssets, ActivityNames.ReserveCredits, ActivityNames.RegisterArtifacts })
            Assert.Null(capture.Single(name).Options.TaskQueue);
        AssertAttempts(capture.Single(ActivityNames.ResolveAssets).Options, 6, TimeSpan.FromSeconds(30));
        AssertAttempts(capture.Single(ActivityNames.ReserveCredits).Options, 6, TimeSpan.FromSeconds(30));
        AssertAttempts(capture.Single(ActivityNames.RegisterArtifacts).Options, 0, TimeSpan.FromSeconds(30));
        // The reservation and the registration must not be cancelled with the workflow: each gets a
        // token of its own (the workflow's cancellation would otherwise be used).
        Assert.NotNull(capture.Single(ActivityNames.ReserveCredits).Options.CancellationToken);
        Assert.NotNull(capture.Single(ActivityNames.RegisterArtifacts).Options.CancellationToken);
        Assert.Null(capture.Single(ActivityNames.ResolveAssets).Options.CancellationToken);
    }

    [Fact]
    public async Task Register_records_every_artifact_in_asset_order_under_the_jobs_names()
    {
        var capture = await ReplayAsync(ClipHistories.SixAssetsFourAtATime());
        var register = capture.ArgumentOf<RegisterArtifactsInput>(ActivityNames.RegisterArtifacts);
        Assert.Equal(ClipTestData.JobId, register.JobId);
        Assert.Equal(ClipTestData.OrganizationId, register.OrganizationId);
        Assert.Equal("proj_42", register.ProjectId);
        Assert.Equal("coll_9", register.TargetCollectionId);
        Assert.Equal("berlin_mitte", register.OutputName);
        Assert.Equal(ClipTestData.MosaicTypesOf(6).Select(ClipTestData.Artifact), register.Artifacts);
    }

    [Fact]
    public async Task A_cancelled_job_is_closed_as_cancelled_after_its_outputs_are_deleted()
    {
        var capture = await ReplayAsync(ClipHistories.CancelledDuringWarps());
        var close = capture.ArgumentOf<CloseJobInput>(ActivityNames.CloseJob);
        Assert.Equal((ClipTestData.JobId, ClipTestData.OrganizationId, JobStatus.Cancelled), (close.JobId, close.OrganizationId, close.Status));
        Assert.Equal(new DeleteOutputsInput(ClipTestData.JobId, ClipTestData.Bucket), capture.ArgumentOf<DeleteOutputsInput>(ActivityNames.DeleteOutputs));
        AssertCompensationPolicy(capture);
    }

    [Fact]
    public async Task A_job_cancelled_while_reserving_is_closed_as_cancelled()
    {
        var capture = await ReplayAsync(ClipHistories.CancelledDuringReservation());
        Assert.Equal(JobStatus.Cancelled, capture.ArgumentOf<CloseJobInput>(ActivityNames.CloseJob).Status);
        Assert.Empty(capture.Named(ActivityNames.DeleteOutputs));
    }

    [Fact]
    public async Task A_failed_warp_closes_the_job_as_failed_naming_the_rasters_fault()
    {
        var capture = await ReplayAsync(ClipHistories.WarpFailsThenCompensates());
        var close = capture.ArgumentOf<CloseJobInput>(ActivityNames.CloseJob);
        Assert.Equal(JobStatus.Failed, close.Status);
        Assert.False(string.IsNullOrWhiteSpace(close.Reason));
        Assert.DoesNotContain("cancel", close.Reason, StringComparison.OrdinalIgnoreCase);
        AssertCompensationPolicy(capture);
    }

    [Fact]
    public async Task A_refused_registration_closes_the_job_as_failed()
    {
        var capture = await ReplayAsync(ClipHistories.RegisterFailsThenCompensates());
        Assert.Equal(JobStatus.Failed, capture.ArgumentOf<CloseJobInput>(ActivityNames.CloseJob).Status);
        Assert.Equal(ClipTestData.Bucket, capture.ArgumentOf<DeleteOutputsInput>(ActivityNames.DeleteOutputs).OutputBucket);
    }

    private static void AssertAttempts(ActivityOptions options, int maximumAttempts, TimeSpan startToClose)
    {
        Assert.Equal(maximumAttempts, options.RetryPolicy!.MaximumAttempts);
        Assert.Equal(startToClose, options.StartToCloseTimeout);
    }

    // Compensation must outlast any outage and must not be cancelled with the job it cleans up.
    private static void AssertCompensationPolicy(ActivityCommandCapture capture)
    {
        foreach (var step in new[] { ActivityNames.DeleteOutputs, ActivityNames.CloseJob })
        {
            var options = capture.Single(step).Options;
            AssertAttempts(options, 0, TimeSpan.FromMinutes(5));
            Assert.Empty(options.RetryPolicy!.NonRetryableErrorTypes ?? []);
            Assert.NotNull(options.CancellationToken);
        }
    }
}
