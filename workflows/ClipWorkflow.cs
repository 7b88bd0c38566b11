using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Geopera.Clip.Workflows;

/// <summary>
/// One clip job, keyed by (organization, idempotency key): resolve-assets → reserve-credits →
/// admission recorded (the <c>Admit</c> update returns) → one warp per asset, a few at a time, on
/// the warp task queue → register-artifacts → completed. A failure or cancellation after the
/// reservation was issued runs compensation (<see cref="CompensationPlan"/>).
/// Activity order and names are what replay checks: change them only behind
/// <c>Workflow.Patched</c>, and keep tests/histories replaying.
/// </summary>
[Workflow("ClipWorkflow")]
public partial class ClipWorkflow
{
    private readonly ClipJobInput _input;
    private readonly JobProgress _progress;
    private JobStage _stage = JobStage.Resolving;
    private readonly Admission _admission;

    [WorkflowInit]
    public ClipWorkflow(ClipJobInput input)
    {
        _input = input;
        _progress = new JobProgress(input.JobId, input.OrganizationId);
        _admission = new Admission(input);
    }

    /// <summary>Runs the job. The argument is the same input the <c>[WorkflowInit]</c> constructor
    /// already kept (Temporal passes it to both), so the body uses the field.</summary>
    [WorkflowRun]
    public async Task<ClipJobState> RunAsync(ClipJobInput input)
    {
        ResolvedAssets? resolved = null;
        try
        {
            resolved = await ResolveAsync();
            _stage = JobStage.Reserving;
            await ReserveAsync(resolved);
            // Cancelled while reserving: the reservation exists now, so compensation releases it.
            Workflow.CancellationToken.ThrowIfCancellationRequested();
            var mosaicTypes = MosaicTypes.Assign(resolved.Assets);
            RecordAdmission(resolved, mosaicTypes);
            _stage = JobStage.Warping;
            var artifacts = await WarpAllAsync(resolved, mosaicTypes);
            _stage = JobStage.Registering;
            await RegisterAsync(artifacts);
        }
        catch (Exception e) when (e is FailureException or OperationCanceledException)
        {
            throw await StopAsync(e, resolved);
        }
        _progress.Completed();
        SetStatus(JobStatus.Completed);
        Workflow.CurrentDetails = $"Completed: {_progress.Artifacts().Count} output file(s) registered.";
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, CancellationToken.None);
        return _progress.Snapshot();
    }

    /// <summary>Waits until admission is decided: the job summary, or the admission error
    /// (<see cref="ClipErrors"/> type; quota details used/limit/requested) the API maps to 400/402/403.</summary>
    [WorkflowUpdate("Admit")]
    public async Task<AdmissionResult> AdmitAsync(AdmitRequest request)
    {
        await Workflow.WaitConditionAsync(() => _admission.IsDecided, CancellationToken.None);
        return _admission.Outcome();
    }

    /// <summary>Refuses a request that is not this job's: same idempotency key, another body.</summary>
    [WorkflowUpdateValidator(nameof(AdmitAsync))]
    public void ValidateAdmit(AdmitRequest request)
    {
        if (request is null || request.JobId != _input.JobId || request.RequestFingerprint != _input.RequestFingerprint)
        {
            throw new ApplicationFailureException(
                ClipErrors.IdempotencyConflictMessage, ClipErrors.IdempotencyConflict, nonRetryable: true);
        }
    }

    [WorkflowQuery("GetState")]
    public ClipJobState GetState() => _progress.Snapshot();

    private async Task<ResolvedAssets> ResolveAsync()
    {
        Workflow.CurrentDetails = $"Resolving the raster assets of {_input.Source.Describe()}.";
        var resolved = await Workflow.ExecuteActivityAsync(
            (IDataPlatformActivities a) => a.ResolveAssetsAsync(new ResolveAssetsInput(
                _input.OrganizationId, _input.Source, _input.ProjectId, _input.AssetKeys, _input.AoiGeoJson)),
            ActivityPolicies.Admission($"resolve assets of {_input.Source.Describe()}"));
        if (resolved.Assets.Count == 0)
        {
            throw new ApplicationFailureException(
                $"{_input.Source.Describe()} has no raster assets to clip.", ClipErrors.NoRasterAssets, nonRetryable: true);
        }
        return resolved;
    }

    private async Task<CreditReservation> ReserveAsync(ResolvedAssets resolved)
    {
        Workflow.CurrentDetails = $"Reserving {resolved.ComputeUnits} compute units for {resolved.Assets.Count} asset(s).";
        using var detached = new CancellationTokenSource();
        return await Workflow.ExecuteActivityAsync(
            (IDataPlatformActivities a) => a.ReserveCreditsAsync(
                new ReserveCreditsInput(_input.JobId, Workflow.Info.WorkflowId, _input, resolved)),
            ActivityPolicies.Admission($"reserve {resolved.ComputeUnits} credits", detached.Token));
    }

    private void RecordAdmission(ResolvedAssets resolved, IReadOnlyList<string> mosaicTypes)
    {
        _progress.Admitted(resolved.Assets, mosaicTypes);
        _admission.Admit(resolved);
        SetStatus(JobStatus.Running);
    }

    private async Task RegisterAsync(IReadOnlyList<ClipArtifact> artifacts)
    {
        Workflow.CurrentDetails = $"Registering {artifacts.Count} output file(s) and committing credits.";
        using var detached = new CancellationTokenSource();
        await Workflow.ExecuteActivityAsync(
            (IDataPlatformActivities a) => a.RegisterArtifactsAsync(new RegisterArtifactsInput(
                _input.JobId, _input.OrganizationId, _input.ProjectId, _input.TargetCollectionId, _input.OutputName, artifacts)),
            ActivityPolicies.Register($"register {artifacts.Count} artifact(s)", detached.Token));
    }

    private static void SetStatus(string status) =>
        Workflow.UpsertTypedSearchAttributes(ClipSearchAttributes.JobStatus.ValueSet(status));
}
