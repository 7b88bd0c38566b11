using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.EndToEnd;

/// <summary>
/// ClipWorkflow on a real Temporal server with the real activities, PostgreSQL and local storage.
/// Reported skipped (with the reason) when no server is available; see <see cref="TemporalTestServer"/>.
/// </summary>
[Collection(TemporalServerCollection.Name)]
public sealed class ClipWorkflowEndToEndTests(TemporalTestServer server)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Create_admits_then_completes_with_artifacts()
    {
        await using var stack = await ClipStack.StartAsync(server);
        await stack.StartWorkersAsync(main: true, warp: true);
        var input = stack.Job("e2e-create");

        var (admission, handle) = await stack.AdmitAsync(input);
        Assert.Equal(new JobSummary(input.JobId, JobStatus.Running, "cog_clip", stack.OrganizationId), admission.Job);
        Assert.Equal(1, admission.AssetsToClip);
        Assert.Equal(["visual"], admission.AssetKeys);

        var state = await handle.GetResultAsync().WaitAsync(JobTimeout, TestContext.Current.CancellationToken);
        Assert.Equal(JobStatus.Completed, state.Status);
        var artifact = Assert.Single(state.OutputArtifacts);
        Assert.Equal(("rgb", $"clips/{input.JobId}/e2e_clip_rgb.tif"), (artifact.MosaicType, artifact.GcsPath));
        var stored = await stack.Store.StatAsync(ClipStack.Bucket, artifact.GcsPath, TestContext.Current.CancellationToken);
        Assert.Equal(artifact.SizeBytes, stored.SizeBytes);

        var job = await stack.Jobs.GetAsync(stack.OrganizationId, input.JobId, TestContext.Current.CancellationToken);
        Assert.Equal(JobStatus.Completed, job?.Status);
        Assert.Equal(1, await stack.LedgerCountAsync(input.JobId, "commit"));
        Assert.Equal(JobStatus.Completed, (await handle.DescribeAsync()).TypedSearchAttributes.Get(ClipSearchAttributes.JobStatus));
    }

    [Fact]
    public async Task Same_key_twice_is_one_job_with_one_reservation()
    {
        await using var stack = await ClipStack.StartAsync(server);
        await stack.StartWorkersAsync(main: true, warp: true);
        var input = stack.Job("e2e-twice");

        var both = await Task.WhenAll(stack.AdmitAsync(input), stack.AdmitAsync(input));
        // Both answers name this job (not merely each other: two nulls would be equal too).
        Assert.All(both, b =>
        {
            Assert.Equal(new JobSummary(input.JobId, JobStatus.Running, "cog_clip", stack.OrganizationId), b.Admission.Job);
            Assert.Equal(["visual"], b.Admission.AssetKeys);
        });
        var runs = await Task.WhenAll(both.Select(b => b.Handle.DescribeAsync()));
        Assert.False(string.IsNullOrEmpty(runs[0].RunId));
        Assert.Equal(runs[0].RunId, runs[1].RunId);
        await both[0].Handle.GetResultAsync().WaitAsync(JobTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(1, await stack.LedgerCountAsync(input.JobId, "reserve"));
        Assert.Equal(1, await stack.LedgerCountAsync(input.JobId, "commit"));
        Assert.Equal(1L, await stack.Data.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE organization_id = $1", stack.OrganizationId));
    }

    [Fact]
    public async Task Over_quota_is_rejected_with_used_and_limit_and_reserves_nothing()
    {
        await using var stack = await ClipStack.StartAsync(server, creditLimit: 1);
        await stack.StartWorkersAsync(main: true, warp: false);
        var input = stack.Job("e2e-quota");

        var e = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => stack.AdmitAsync(input));
        var failure = Assert.IsType<ApplicationFailureException>(e.InnerException);
        Assert.Equal(ClipErrors.QuotaExceeded, failure.ErrorType);
        var numbers = failure.Details.ElementAt<Dictionary<string, long>>(0);
        Assert.Equal(1, numbers["limit"]);
        Assert.True(numbers["requested"] > numbers["limit"] - numbers["used"]);

        var handle = stack.Client.GetWorkflowHandle(JobIdentity.WorkflowId(input.JobId));
        Assert.Equal(WorkflowExecutionStatus.Failed, (await handle.DescribeAsync()).Status);
        Assert.Equal(0L, await stack.Data.ScalarAsync<long>("SELECT count(*) FROM credit_ledger"));
        Assert.Null(await stack.Jobs.GetAsync(stack.OrganizationId, input.JobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Warp_worker_stopped_mid_warp_still_completes_without_orphans_and_commits_once()
    {
        // Big enough that the warp is still running when its worker is stopped.
        var raster = new Raster.RasterSpec("big", 32633, Bands: 3, Type: Activities.Raster.Native.GdalDataType.Float32, Width: 4000, Height: 4000);
        await using var stack = await ClipStack.StartAsync(server, raster: raster);
        await stack.StartWorkersAsync(main: true, warp: false);
        var firstWarpWorker = await stack.StartWorkersAsync(main: false, warp: true, gracefulShutdownSeconds: 0);
        var input = stack.Job("e2e-worker-stopped");

        var (_, handle) = await stack.AdmitAsync(input);
        await WaitForRunningWarpAsync(stack.Client, handle.Id);
        await firstWarpWorker.StopAsync(TestContext.Current.CancellationToken);
        await stack.StartWorkersAsync(main: false, warp: true);

        var state = await handle.GetResultAsync().WaitAsync(JobTimeout * 3, TestContext.Current.CancellationToken);
        Assert.Equal(JobStatus.Completed, state.Status);
        var expected = state.OutputArtifacts.SelectMany(a => new[] { a.GcsPath, a.QuicklookPath }).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(expected, await stack.StoredKeysAsync($"clips/{input.JobId}/"));
        Assert.Equal(1, await stack.LedgerCountAsync(input.JobId, "reserve"));
        Assert.Equal(1, await stack.LedgerCountAsync(input.JobId, "commit"));
        Assert.Equal(0, await stack.LedgerCountAsync(input.JobId, "release"));
        Assert.True(await WarpAttemptsAsync(handle) >= 2, "The first warp worker finished before it was stopped; the test did not stop a warp midway.");
    }

    /// <summary>The attempt of the warp that completed (the history keeps only the last start).</summary>
    private static async Task<int> WarpAttemptsAsync(WorkflowHandle handle)
    {
        var events = (await handle.FetchHistoryAsync()).Events;
        var warps = events.Where(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == Workflows.Activities.ActivityNames.Warp)
            .Select(e => e.EventId).ToHashSet();
        return events.Where(e => e.ActivityTaskStartedEventAttributes is { } s && warps.Contains(s.ScheduledEventId))
            .Max(e => e.ActivityTaskStartedEventAttributes.Attempt);
    }

    /// <summary>Waits until a worker has picked up a warp (the pending activity is Started).</summary>
    private static async Task WaitForRunningWarpAsync(ITemporalClient client, string workflowId)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var description = await client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = client.Options.Namespace,
                Execution = new() { WorkflowId = workflowId },
            });
            if (description.PendingActivities.Any(a =>
                    a.ActivityType.Name == Workflows.Activities.ActivityNames.Warp && a.State == PendingActivityState.Started))
                return;
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
        Assert.Fail("The warp never started on the first warp worker.");
    }
}
