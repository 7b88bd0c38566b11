using System.Collections.Concurrent;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;

namespace Geopera.Clip.Tests.Api;

/// <summary>
/// The job runner without a Temporal server, for API tests: admission runs the REAL data-platform
/// activities (resolve, reserve) against the test database, then the REAL warp and register
/// activities run in the background. It keeps ClipWorkflow's contract: one run per workflow id
/// (concurrent admissions of one key join it), a second fingerprint → IdempotencyConflict, a
/// cancelled job is compensated (outputs deleted, credits released, job closed).
/// </summary>
public sealed class InProcessClipJobGateway(
    DataPlatformActivities platform, Func<WarpInput, CancellationToken, Task<ClipArtifact>> warp, IObjectStore store) : IClipJobGateway
{
    private readonly ConcurrentDictionary<string, Lazy<JobRun>> _runs = new();

    private int _admitCalls;

    /// <summary>While set, warps wait for it before starting, so a test can observe a running job.</summary>
    public TaskCompletionSource? WarpGate { get; set; }

    /// <summary>While set, a failed or cancelled job's compensation waits for it: on a server it runs
    /// after the cancel request returned, as late as the workflow's next task (a warp still uploading).</summary>
    public TaskCompletionSource? CompensationGate { get; set; }

    /// <summary>How often the API asked for an admission (a replayed answer never does).</summary>
    public int AdmitCalls => Volatile.Read(ref _admitCalls);

    public Task<AdmissionOutcome> AdmitAsync(ClipJobInput input, CancellationToken ct)
    {
        Interlocked.Increment(ref _admitCalls);
        var run = _runs.GetOrAdd(JobIdentity.WorkflowId(input.JobId), _ => new Lazy<JobRun>(() => new JobRun(input, AdmitNewAsync))).Value;
        if (run.Input.RequestFingerprint != input.RequestFingerprint)
            return Task.FromResult(AdmissionOutcome.Reject(new AdmissionRejection(ClipErrors.IdempotencyConflict, ClipErrors.IdempotencyConflictMessage)));
        return run.Admission;
    }

    public Task<ClipJobState?> GetStateAsync(string workflowId, CancellationToken ct) =>
        Task.FromResult(_runs.TryGetValue(workflowId, out var run) ? run.Value.Snapshot() : null);

    /// <summary>Records the request and returns, as a server does: compensation runs afterwards.</summary>
    public async Task CancelAsync(string workflowId, CancellationToken ct)
    {
        if (_runs.TryGetValue(workflowId, out var run))
            await run.Value.Cancel.CancelAsync();
    }

    public async Task<bool> WaitClosedAsync(string workflowId, TimeSpan within, CancellationToken ct)
    {
        if (!_runs.TryGetValue(workflowId, out var run))
            return true;
        try
        {
            await run.Value.Finished.WaitAsync(within, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The run of a workflow id, as the scripted Temporal boundary reads it: its input, its
    /// admission, whether and how it ended; null when no run has that id.</summary>
    public RunView? Find(string workflowId) =>
        _runs.TryGetValue(workflowId, out var run) ? new RunView(run.Value.Input, run.Value.Admission, run.Value.Finished, run.Value.Snapshot) : null;

    public sealed record RunView(ClipJobInput Input, Task<AdmissionOutcome> Admission, Task Finished, Func<ClipJobState> Snapshot);

    /// <summary>Waits until the job's background part (warps, register or compensation) ended.</summary>
    public Task WaitAsync(string jobId) => _runs[JobIdentity.WorkflowId(jobId)].Value.Finished;

    /// <summary>Cancels every run and waits (bounded) until its background part ended, so a host
    /// that is torn down never has a job still writing into the folder it deletes.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        WarpGate?.TrySetResult();
        CompensationGate?.TrySetResult();
        var runs = _runs.Values.Where(r => r.IsValueCreated).Select(r => r.Value).ToList();
        foreach (var run in runs)
            await run.Cancel.CancelAsync();
        var ended = Task.WhenAll(runs.Select(async run =>
        {
            // An admission still under way starts the background part (or ends the run) first.
            await ((Task)run.Admission).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await run.Finished;
        }));
        await ended.WaitAsync(within).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<AdmissionOutcome> AdmitNewAsync(JobRun run)
    {
        var input = run.Input;
        ResolvedAssets resolved;
        try
        {
            resolved = await platform.ResolveAssetsAsync(new ResolveAssetsInput(input.OrganizationId, input.Source, input.ProjectId, input.AssetKeys, input.AoiGeoJson));
            await platform.ReserveCreditsAsync(new ReserveCreditsInput(input.JobId, JobIdentity.WorkflowId(input.JobId), input, resolved));
        }
        catch (ApplicationFailureException e)
        {
            run.Ended();
            return AdmissionOutcome.Reject(TemporalCalls.Rejection(e));
        }
        var mosaicTypes = MosaicTypes.Assign(resolved.Assets);
        run.Update(p => p.Admitted(resolved.Assets, mosaicTypes));
        run.Start(() => WarpAndRegisterAsync(run, resolved, mosaicTypes));
        return AdmissionOutcome.Admit(new AdmissionResult(
            new JobSummary(input.JobId, JobStatus.Running, "cog_clip", input.OrganizationId), resolved.Assets.Count, [.. resolved.Assets.Select(a => a.Key)]));
    }

    private async Task WarpAndRegisterAsync(JobRun run, ResolvedAssets resolved, IReadOnlyList<string> mosaicTypes)
    {
        var input = run.Input;
        var ct = run.Cancel.Token;
        try
        {
            var artifacts = new List<ClipArtifact>();
            for (var i = 0; i < resolved.Assets.Count; i++)
            {
                var asset = resolved.Assets[i];
                if (WarpGate is { } gate)
                    await gate.Task.WaitAsync(ct);
                run.Update(p => p.WarpStarted(asset.Key));
                // As ClipWorkflow schedules it: no AOI, which the warp reads from the job row.
                var artifact = await warp(new WarpInput(input.JobId, asset, mosaicTypes[i], resolved.OutputBucket, input.OutputName), ct);
                run.Update(p => p.WarpCompleted(asset.Key, artifact));
                artifacts.Add(artifact);
            }
            ct.ThrowIfCancellationRequested();
            await platform.RegisterArtifactsAsync(new RegisterArtifactsInput(input.JobId, input.OrganizationId, input.ProjectId, input.TargetCollectionId, input.OutputName, artifacts));
            run.Update(p => p.Completed());
        }
        catch (Exception e)
        {
            var cancelled = ct.IsCancellationRequested;
            var failure = cancelled ? JobFailures.Cancelled : JobFailures.Describe(e);
            if (CompensationGate is { } compensation)
                await compensation.Task;
            await foreach (var info in store.ListAsync(resolved.OutputBucket, $"clips/{input.JobId}/", CancellationToken.None))
                await store.DeleteAsync(resolved.OutputBucket, info.Key, CancellationToken.None);
            var status = cancelled ? JobStatus.Cancelled : JobStatus.Failed;
            await platform.CloseJobAsync(new CloseJobInput(input.JobId, input.OrganizationId, status, failure.Message));
            run.Update(p => p.Ended(status, failure));
        }
    }

    private sealed class JobRun
    {
        private readonly Lock _gate = new();
        private readonly JobProgress _progress;
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public JobRun(ClipJobInput input, Func<JobRun, Task<AdmissionOutcome>> admit)
        {
            Input = input;
            _progress = new JobProgress(input.JobId, input.OrganizationId);
            Admission = Task.Run(() => admit(this));
        }

        public ClipJobInput Input { get; }
        public Task<AdmissionOutcome> Admission { get; }
        public CancellationTokenSource Cancel { get; } = new();
        public Task Finished => _finished.Task;

        public void Update(Action<JobProgress> change)
        {
            lock (_gate) change(_progress);
        }

        public ClipJobState Snapshot()
        {
            lock (_gate) return _progress.Snapshot();
        }

        public void Start(Func<Task> background) =>
            _ = Task.Run(async () =>
            {
                try { await background(); }
                finally { _finished.TrySetResult(); }
            });

        public void Ended() => _finished.TrySetResult();
    }
}
