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
    private const string JobType = "cog_clip";

    private readonly ClipJobInput input;
    private readonly JobProgress progress;
    private JobStage stage = JobStage.Resolving;
    private AdmissionResult? admission;
    private JobFailure? admissionFailure;

    [WorkflowInit]
    public ClipWorkflow(ClipJobInput input)
    {
        this.input = input;
        progress = new JobProgress(input.JobId, input.OrganizationId);
    }

    [WorkflowRun]
    public async Task<ClipJobState> RunAsync(ClipJobInput input)
    {
        ResolvedAssets? resolved = null;
        try
        {
            resolved = await ResolveAsync();
            stage = JobStage.Reserving;
            await ReserveAsync(resolved);
            var mosaicTypes = MosaicTypes.Assign(resolved.Assets);
            RecordAdmission(resolved, mosaicTypes);
            stage = JobStage.Warping;
            var artifacts = await WarpAllAsync(resolved, mosaicTypes);
            stage = JobStage.Registering;
            await RegisterAsync(artifacts);
        }
        catch (Exception e) when (e is FailureException or OperationCanceledException)
        {
            throw await StopAsync(e, resolved);
        }
        progress.Completed();
        SetStatus(JobStatus.Completed);
        Workflow.CurrentDetails = $"Completed: {progress.Artifacts().Count} output file(s) registered.";
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, CancellationToken.None);
        return progress.Snapshot();
    }

    /// <summary>Waits until admission is decided: the job summary, or the admission error
    /// (<see cref="ClipErrors"/> type; quota details used/limit/requested) the API maps to 400/402/403.</summary>
    [WorkflowUpdate("Admit")]
    public async Task<AdmissionResult> AdmitAsync(AdmitRequest request)
    {
        await Workflow.WaitConditionAsync(() => admission is not null || admissionFailure is not null, CancellationToken.None);
        return admission ?? throw JobFailures.ToApplicationFailure(admissionFailure!, cause: null);
    }

    /// <summary>Refuses a request that is not this job's: same idempotency key, another body.</summary>
    [WorkflowUpdateValidator(nameof(AdmitAsync))]
    public void ValidateAdmit(AdmitRequest request)
    {
        if (request is null || request.JobId != input.JobId || request.RequestFingerprint != input.RequestFingerprint)
        {
            throw new ApplicationFailureException(
                "This Idempotency-Key was already used with a different request; use a new key for a new job.",
                ClipErrors.IdempotencyConflict, nonRetryable: true);
        }
    }

    [WorkflowQuery("GetState")]
    public ClipJobState GetState() => progress.Snapshot();

    private async Task<ResolvedAssets> ResolveAsync()
    {
        Workflow.CurrentDetails = $"Resolving the raster assets of {input.Source.Describe()}.";
        var resolved = await Workflow.ExecuteActivityAsync(
            (IDataPlatformActivities a) => a.ResolveAssetsAsync(new ResolveAssetsInput(
                input.OrganizationId, input.Source, input.ProjectId, input.AssetKeys, input.AoiGeoJson)),
            ActivityPolicies.Admission($"resolve assets of {input.Source.Describe()}"));
        if (resolved.Assets.Count == 0)
        {
            throw new ApplicationFailureException(
                $"{input.Source.Describe()} has no raster assets to clip.", ClipErrors.NoRasterAssets, nonRetryable: true);
        }
        return resolved;
    }

    private Task<CreditReservation> ReserveAsync(ResolvedAssets resolved)
    {
        Workflow.CurrentDetails = $"Reserving {resolved.ComputeUnits} compute units for {resolved.Assets.Count} asset(s).";
        return Workflow.ExecuteActivityAsync(
            (IDataPlatformActivities a) => a.ReserveCreditsAsync(
                new ReserveCreditsInput(input.JobId, Workflow.Info.WorkflowId, input, resolved)),
            ActivityPolicies.Admission($"reserve {resolved.ComputeUnits} credits"));
    }

    private void RecordAdmission(ResolvedAssets resolved, IReadOnlyList<string> mosaicTypes)
    {
        progress.Admitted(resolved.Assets, mosaicTypes);
        admission = new AdmissionResult(
            new JobSummary(input.JobId, JobStatus.Running, JobType, input.OrganizationId),
            resolved.Assets.Count,
            [.. resolved.Assets.Select(a => a.Key)]);
        SetStatus(JobStatus.Running);
    }

    private Task RegisterAsync(IReadOnlyList<ClipArtifact> artifacts)
    {
        Workflow.CurrentDetails = $"Registering {artifacts.Count} output file(s) and committing credits.";
        return Workflow.ExecuteActivityAsync(
            (IDataPlatformActivities a) => a.RegisterArtifactsAsync(new RegisterArtifactsInput(
                input.JobId, input.OrganizationId, input.ProjectId, input.TargetCollectionId, input.OutputName, artifacts)),
            ActivityPolicies.Register($"register {artifacts.Count} artifact(s)"));
    }

    private static void SetStatus(string status) =>
        Workflow.UpsertTypedSearchAttributes(ClipSearchAttributes.JobStatus.ValueSet(status));
}
