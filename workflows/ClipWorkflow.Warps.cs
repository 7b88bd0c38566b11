using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Workflows;

namespace Geopera.Clip.Workflows;

public partial class ClipWorkflow
{
    /// <summary>
    /// One warp per asset, at most <see cref="ActivityPolicies.MaxParallelWarps"/> at once, issued in
    /// asset order. The first warp that fails (after its retries) cancels the others — no silent
    /// partial success — and the fan-out ends only when every warp has stopped, so compensation
    /// never races a warp that is still uploading.
    /// </summary>
    private async Task<IReadOnlyList<ClipArtifact>> WarpAllAsync(ResolvedAssets resolved, IReadOnlyList<string> mosaicTypes)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var slots = new Temporalio.Workflows.Semaphore(ActivityPolicies.MaxParallelWarps);
        var warps = resolved.Assets
            .Select((asset, i) => WarpOneAsync(asset, mosaicTypes[i], resolved.OutputBucket, slots, siblings))
            .ToList();
        ShowWarpDetails();
        try
        {
            await Workflow.WhenAllAsync(warps);
        }
        catch (Exception)
        {
            throw PrimaryFailure(warps);
        }
        return _progress.Artifacts();
    }

    private async Task<ClipArtifact> WarpOneAsync(
        SourceAsset asset, string mosaicType, string outputBucket, Temporalio.Workflows.Semaphore slots, CancellationTokenSource siblings)
    {
        await slots.WaitAsync(siblings.Token);
        try
        {
            _progress.WarpStarted(asset.Key);
            var artifact = await Workflow.ExecuteActivityAsync(
                // No AOI: the warp reads it from the job row, so N assets do not copy it N times
                // into the history. Replay compares only activity ids and types, not inputs (sdk-core
                // activity_state_machine.rs, on_activity_task_scheduled), so no Workflow.Patched is needed.
                (IWarpActivities a) => a.WarpAsync(new WarpInput(_input.JobId, asset, mosaicType, outputBucket, _input.OutputName)),
                ActivityPolicies.Warp(WarpTaskQueue, $"warp {asset.Key} → {mosaicType}", siblings.Token));
            _progress.WarpCompleted(asset.Key, artifact);
            ShowWarpDetails();
            return artifact;
        }
        catch (Exception e)
        {
            _progress.WarpEnded(asset.Key, cancelled: JobFailures.IsCancellation(e));
            siblings.Cancel();
            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    private string WarpTaskQueue => _input.WarpTaskQueue ?? ActivityPolicies.DefaultWarpTaskQueue;

    private void ShowWarpDetails() =>
        Workflow.CurrentDetails = $"Warping: {_progress.FinishedWarps} of {_progress.TotalWarps} asset(s) done, " +
            $"up to {ActivityPolicies.MaxParallelWarps} at a time on '{WarpTaskQueue}'. " +
            "Live progress of each warp is in its heartbeat details.";

    /// <summary>The failure that stopped the fan-out: the first real failure in asset order, not
    /// the cancellations it caused in the sibling warps.</summary>
    private static Exception PrimaryFailure(IEnumerable<Task> warps)
    {
        var errors = warps.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
        return errors.FirstOrDefault(e => !JobFailures.IsCancellation(e))
            ?? errors.FirstOrDefault()
            ?? new OperationCanceledException("The warps were cancelled before they started.");
    }
}
