namespace Geopera.Clip.Workflows.Contracts;

/// <summary>
/// Argument of the workflow's <c>Admit</c> update, sent with update-with-start. The validator
/// refuses it unless it names the workflow's own job and request fingerprint, so a second request
/// with the same Idempotency-Key but another body is told apart (422) instead of joining the job.
/// </summary>
public sealed record AdmitRequest(string JobId, string RequestFingerprint);
