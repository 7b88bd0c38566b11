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
/// activities run in the background, as many warps at once as the workflow runs, the first failure
/// cancelling the others. It keeps ClipWorkflow's contract: one run per workflow id (concurrent
/// admissions of one key join it), a second fingerprint → IdempotencyConflict, a job that stops
/// short is compensated by the workflow's own <see cref="CompensationPlan"/> through the real
/// delete-outputs and close-job activities. Not here: activity retries and heartbeat timeouts
/// (the server's part) and the workflow code itself (the replay and end-to-end suites).
/// </summary>
public sealed class InProcessClipJobGateway(
    DataPlatformActivities platform, Func<WarpInput, CancellationToken, Task<ClipArtifact>> warp, StorageActivities storage) : IClipJobGateway
{
    private readonly ConcurrentDictionary<string, Lazy<JobRun>> _runs = new();

    private int _admitCalls;

    private TaskCompletionSource? AdmissionGate { get; set; }
    private TaskCompletionSource? WarpGate { get; set; }
    private TaskCompletionSource? CompensationGate { get; set; }

    /// <summary>Admission waits before resolving the assets until the gate opens (or is disposed).</summary>
    public Gate HoldAdmissions() => new(gate => AdmissionGate = gate);

    /// <summary>Issued warps wait before the activity runs until the gate opens, so a test can
    /// observe a running job.</summary>
    public Gate HoldWarps() => new(gate => WarpGate = gate);

    /// <summary>A failed or cancelled job's compensation waits until the gate opens: on a server it
    /// runs after the cancel request returned, as late as the workflow's next task (a warp still uploading).</summary>
    public Gate HoldCompensations() => new(gate => CompensationGate = gate);

    /// <summary>Holds one stage of every job until opened; disposing opens it and removes it.</summary>
    public sealed class Gate : IDisposable
    {
        private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Action<TaskCompletionSource?> _install;

        internal Gate(Action<TaskCompletionSource?> install)
        {
            _install = install;
            install(_opened);
        }

        public void Open() => _opened.TrySetResult();

        public void Dispose()
        {
            Open();
            _install(null);
        }
    }

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
        AdmissionGate?.TrySetResult();
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
        if (AdmissionGate is { } admissionGate)
            await admissionGate.Task;
        if (run.Cancel.IsCancellationRequested)
        {
            // Cancelled while resolving (an operator, before the caller knew the job): nothing was
            // reserved, so nothing is undone; the Admit update fails as cancelled.
            var plan = CompensationPlan.For(JobStage.Resolving, JobFailures.Cancelled, cancelled: true, admissionRejection: false);
            run.Update(p => p.Ended(plan.Status, plan.Failure));
            run.Ended();
            return AdmissionOutcome.Reject(new AdmissionRejection(plan.Failure.Type, plan.Failure.Message));
        }
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

    /// <summary>As <see cref="ClipWorkflow"/> runs it after admission: up to
    /// <see cref="ActivityPolicies.MaxParallelWarps"/> warps at once in asset order, the first failure
    /// cancelling the others, then register; a job that stops short is compensated as the workflow's
    /// own <see cref="CompensationPlan"/> says, by the real storage and data-platform activities.</summary>
    private async Task WarpAndRegisterAsync(JobRun run, ResolvedAssets resolved, IReadOnlyList<string> mosaicTypes)
    {
        var input = run.Input;
        var stage = JobStage.Warping;
        try
        {
            var artifacts = await WarpAllAsync(run, resolved, mosaicTypes);
            run.Cancel.Token.ThrowIfCancellationRequested();
            stage = JobStage.Registering;
            await platform.RegisterArtifactsAsync(new RegisterArtifactsInput(input.JobId, input.OrganizationId, input.ProjectId, input.TargetCollectionId, input.OutputName, artifacts));
            run.Update(p => p.Completed());
        }
        catch (Exception e)
        {
            var cancelled = run.Cancel.IsCancellationRequested;
            var plan = CompensationPlan.For(stage, cancelled ? JobFailures.Cancelled : JobFailures.Describe(e), cancelled, admissionRejection: false);
            if (CompensationGate is { } compensation)
                await compensation.Task;
            if (plan.DeleteOutputs)
                await storage.DeleteOutputsAsync(new DeleteOutputsInput(input.JobId, resolved.OutputBucket));
            if (plan.CloseJob)
                await platform.CloseJobAsync(new CloseJobInput(input.JobId, input.OrganizationId, plan.Status, plan.Reason));
            run.Update(p => p.Ended(plan.Status, plan.Failure));
        }
    }

    private async Task<IReadOnlyList<ClipArtifact>> WarpAllAsync(JobRun run, ResolvedAssets resolved, IReadOnlyList<string> mosaicTypes)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(run.Cancel.Token);
        using var slots = new SemaphoreSlim(ActivityPolicies.MaxParallelWarps);
        var warps = resolved.Assets
            .Select((asset, i) => WarpOneAsync(run, new WarpInput(run.Input.JobId, asset, mosaicTypes[i], resolved.OutputBucket, run.Input.OutputName), slots, siblings))
            .ToList();
        try
        {
            return await Task.WhenAll(warps);
        }
        catch (Exception)
        {
            // The failure that stopped the fan-out, not the cancellations it caused in the siblings.
            var errors = warps.Where(t => t.IsFaulted || t.IsCanceled).Select(t => t.Exception?.InnerException ?? new OperationCanceledException()).ToList();
            throw errors.FirstOrDefault(e => !IsCancellation(e)) ?? errors[0];
        }
    }

    private async Task<ClipArtifact> WarpOneAsync(JobRun run, WarpInput input, SemaphoreSlim slots, CancellationTokenSource siblings)
    {
        await slots.WaitAsync(siblings.Token);
        try
        {
            // Issued to the warp queue (running, as the workflow records it) before a worker takes it.
            run.Update(p => p.WarpStarted(input.Asset.Key));
            if (WarpGate is { } gate)
                await gate.Task.WaitAsync(siblings.Token);
            var running = Interlocked.Increment(ref _warpsRunning);
            int most;
            while ((most = Volatile.Read(ref _mostWarpsAtOnce)) < running && Interlocked.CompareExchange(ref _mostWarpsAtOnce, running, most) != most)
            {
            }
            try
            {
                var artifact = await warp(input, siblings.Token);
                run.Update(p => p.WarpCompleted(input.Asset.Key, artifact));
                return artifact;
            }
            finally
            {
                Interlocked.Decrement(ref _warpsRunning);
            }
        }
        catch (Exception e)
        {
            run.Update(p => p.WarpEnded(input.Asset.Key, cancelled: IsCancellation(e)));
            await siblings.CancelAsync();
            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    private static bool IsCancellation(Exception e) => e is OperationCanceledException || JobFailures.IsCancellation(e);

    private int _warpsRunning;
    private int _mostWarpsAtOnce;

    /// <summary>The most warps that ran at the same time, over all jobs.</summary>
    public int MostWarpsAtOnce => Volatile.Read(ref _mostWarpsAtOnce);

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
