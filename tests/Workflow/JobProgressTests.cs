using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class JobProgressTests
{
    private static JobProgress AdmittedWith(int assets)
    {
        var progress = new JobProgress(ClipTestData.JobId, ClipTestData.OrganizationId);
        progress.Admitted(ClipTestData.Resolved(assets).Assets, ClipTestData.MosaicTypesOf(assets));
        return progress;
    }

    [Fact]
    public void Starts_admitting_with_nothing()
    {
        var state = new JobProgress("job", "org").Snapshot();
        Assert.Equal(("job", "org", JobStatus.Admitting), (state.JobId, state.OrganizationId, state.Status));
        Assert.Empty(state.Assets);
        Assert.Empty(state.OutputArtifacts);
        Assert.Null(state.Failure);
    }

    [Fact]
    public void Admission_schedules_every_asset()
    {
        var state = AdmittedWith(2).Snapshot();
        Assert.Equal(JobStatus.Running, state.Status);
        Assert.Equal(
            [new AssetProgress("data_1", "rgb", AssetStatus.Scheduled, 0), new AssetProgress("data_2", "rgb_2", AssetStatus.Scheduled, 0)],
            state.Assets);
    }

    [Fact]
    public void Warps_move_through_running_to_completed_and_artifacts_keep_asset_order()
    {
        var progress = AdmittedWith(3);
        progress.WarpStarted("data_2");
        progress.WarpStarted("data_1");
        progress.WarpCompleted("data_2", ClipTestData.Artifact("rgb_2"));
        progress.WarpCompleted("data_1", ClipTestData.Artifact("rgb"));
        var state = progress.Snapshot();
        Assert.Equal([AssetStatus.Completed, AssetStatus.Completed, AssetStatus.Scheduled], state.Assets.Select(a => a.Status));
        Assert.Equal([1.0, 1.0, 0.0], state.Assets.Select(a => a.Fraction));
        Assert.Equal(["rgb", "rgb_2"], state.OutputArtifacts.Select(a => a.MosaicType));
        Assert.Equal(2, progress.FinishedWarps);
        Assert.Equal(3, progress.TotalWarps);
    }

    [Fact]
    public void Completed_only_while_running()
    {
        var progress = AdmittedWith(1);
        progress.WarpCompleted("data_1", ClipTestData.Artifact("rgb"));
        progress.Completed();
        Assert.Equal(JobStatus.Completed, progress.Status);
        Assert.Throws<InvalidOperationException>(progress.Completed);
        Assert.Throws<InvalidOperationException>(() => new JobProgress("j", "o").Completed());
    }

    [Fact]
    public void Failure_drops_artifacts_and_cancels_unfinished_warps()
    {
        var progress = AdmittedWith(3);
        progress.WarpStarted("data_1");
        progress.WarpStarted("data_2");
        progress.WarpCompleted("data_1", ClipTestData.Artifact("rgb"));
        progress.WarpEnded("data_2", cancelled: false);
        var failure = new JobFailure(ClipErrors.InvalidRaster, "not a raster");
        progress.Ended(JobStatus.Failed, failure);
        var state = progress.Snapshot();
        Assert.Equal(JobStatus.Failed, state.Status);
        Assert.Equal(failure, state.Failure);
        Assert.Empty(state.OutputArtifacts);
        Assert.Equal([AssetStatus.Completed, AssetStatus.Failed, AssetStatus.Cancelled], state.Assets.Select(a => a.Status));
        Assert.Throws<InvalidOperationException>(() => progress.Ended(JobStatus.Cancelled, failure));
    }

    [Fact]
    public void Rejection_before_admission()
    {
        var progress = new JobProgress("j", "o");
        progress.Ended(JobStatus.Rejected, new JobFailure(ClipErrors.QuotaExceeded, "quota"));
        Assert.Equal(JobStatus.Rejected, progress.Snapshot().Status);
    }

    [Fact]
    public void Bad_transitions_are_refused()
    {
        var progress = AdmittedWith(1);
        Assert.Throws<ArgumentException>(() => progress.WarpStarted("unknown"));
        Assert.Throws<ArgumentException>(() => progress.Ended(JobStatus.Completed, new JobFailure("x", "y")));
        Assert.Throws<InvalidOperationException>(() =>
            progress.Admitted(ClipTestData.Resolved(1).Assets, ClipTestData.MosaicTypesOf(1)));
        Assert.Throws<ArgumentException>(() =>
            new JobProgress("j", "o").Admitted(ClipTestData.Resolved(2).Assets, ["rgb"]));
    }
}
