using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>
/// The narrow seam between the op API and the job runner (Temporal in production). Admission
/// either admits the job (assets resolved, credits reserved, job row written) or rejects it with
/// a typed <see cref="ClipErrors"/> reason; it throws <see cref="JobRunnerUnavailableException"/>
/// when the runner cannot be reached, in which case nothing was reserved.
/// </summary>
public interface IClipJobGateway
{
    Task<AdmissionOutcome> AdmitAsync(ClipJobInput input, CancellationToken ct);

    /// <summary>The live job state, or null when the workflow no longer exists (past retention).</summary>
    Task<ClipJobState?> GetStateAsync(string workflowId, CancellationToken ct);

    /// <summary>Request cancellation so the workflow's compensation runs; a finished or missing
    /// workflow is not an error. Returns once the request is recorded, as a server does: the
    /// compensation runs later (<see cref="WaitClosedAsync"/>).</summary>
    Task CancelAsync(string workflowId, CancellationToken ct);

    /// <summary>Whether the workflow closed (completed, failed, cancelled or gone) within
    /// <paramref name="within"/>; false when it still runs then, or the runner cannot say.</summary>
    Task<bool> WaitClosedAsync(string workflowId, TimeSpan within, CancellationToken ct);
}

/// <summary>Either an admitted job or a typed rejection; exactly one is set.</summary>
public sealed record AdmissionOutcome(AdmissionResult? Admitted, AdmissionRejection? Rejection)
{
    public static AdmissionOutcome Admit(AdmissionResult result) => new(result, null);
    public static AdmissionOutcome Reject(AdmissionRejection rejection) => new(null, rejection);
}

/// <summary>Why admission refused a job: a <see cref="ClipErrors"/> type, a message for the
/// caller, and numeric details (used/limit/requested for quota).</summary>
public sealed record AdmissionRejection(string ErrorType, string Message, IReadOnlyDictionary<string, long>? Details = null);

/// <summary>The job runner cannot answer now (connection refused, timeout, unavailable, or a
/// namespace not prepared for clip jobs); <see cref="Unavailability"/> says what the caller can know.</summary>
public sealed class JobRunnerUnavailableException(string message, Exception? inner = null, RunnerUnavailability unavailability = RunnerUnavailability.NoAnswer)
    : Exception(message, inner)
{
    public RunnerUnavailability Unavailability { get; } = unavailability;
}

/// <summary>What a caller told "503" can rely on.</summary>
public enum RunnerUnavailability
{
    /// <summary>Unreachable or silent: a request may or may not have reached the runner.</summary>
    NoAnswer,

    /// <summary>The runner refused to start the job (its namespace lacks the clip search
    /// attributes): nothing started, nothing was reserved.</summary>
    NotPrepared,
}
