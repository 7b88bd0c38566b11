using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Workflows;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class ActivityPoliciesTests
{
    [Fact]
    public void Admission_is_short_bounded_and_stops_on_bad_requests()
    {
        var options = ActivityPolicies.Admission("resolve");
        Assert.Equal(TimeSpan.FromSeconds(30), options.StartToCloseTimeout);
        Assert.Equal(6, options.RetryPolicy!.MaximumAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryPolicy.InitialInterval);
        Assert.Equal(2.0f, options.RetryPolicy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryPolicy.MaximumInterval);
        Assert.Equal(ClipErrors.NonRetryableAdmission, options.RetryPolicy.NonRetryableErrorTypes);
        Assert.Equal("resolve", options.Summary);
        Assert.Null(options.TaskQueue);
        Assert.Null(options.CancellationToken);
    }

    [Fact]
    public void Register_retries_without_limit()
    {
        using var detached = new CancellationTokenSource();
        var options = ActivityPolicies.Register("register", detached.Token);
        Assert.Equal(detached.Token, options.CancellationToken);
        Assert.Equal(0, options.RetryPolicy!.MaximumAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StartToCloseTimeout);
        Assert.Contains(ClipErrors.NotFound, options.RetryPolicy.NonRetryableErrorTypes!);
    }

    [Fact]
    public void Compensation_retries_everything_and_ignores_workflow_cancellation()
    {
        using var detached = new CancellationTokenSource();
        var options = ActivityPolicies.Compensation("close", detached.Token);
        Assert.Equal(0, options.RetryPolicy!.MaximumAttempts);
        Assert.Empty(options.RetryPolicy.NonRetryableErrorTypes ?? []);
        Assert.Equal(detached.Token, options.CancellationToken);
        Assert.Equal(TimeSpan.FromMinutes(5), options.StartToCloseTimeout);
    }

    [Fact]
    public void Warp_runs_on_the_warp_queue_heartbeats_and_stops_on_bad_rasters()
    {
        using var cancel = new CancellationTokenSource();
        var options = ActivityPolicies.Warp("warp-q", "warp data → rgb", cancel.Token);
        Assert.Equal("warp-q", options.TaskQueue);
        Assert.Equal(TimeSpan.FromMinutes(30), options.StartToCloseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.HeartbeatTimeout);
        Assert.Equal(5, options.RetryPolicy!.MaximumAttempts);
        Assert.Equal(
            [ClipErrors.InvalidRaster, ClipErrors.AoiOutsideRaster, ClipErrors.InvalidAoi, ClipErrors.WarpCancelled],
            options.RetryPolicy.NonRetryableErrorTypes);
        Assert.Equal(ActivityCancellationType.WaitCancellationCompleted, options.CancellationType);
        Assert.Equal("warp data → rgb", options.Summary);
    }
}
