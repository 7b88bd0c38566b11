using System.Security.Cryptography;
using System.Text;

namespace Geopera.Clip.Workflows;

/// <summary>
/// The job id and workflow id of a clip request, derived from (organization, idempotency key) so
/// that a retried request reaches the same job. Changing the derivation orphans every live key.
/// </summary>
public static class JobIdentity
{
    public const string WorkflowIdPrefix = "clip-";

    /// <summary>A UUID (RFC 9562 version 8, name-based on SHA-256) for the job.</summary>
    public static string JobId(string organizationId, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        // The hashed text is "prefix\norg\nkey": unambiguous only while the organization id has no
        // line break (otherwise ("a\nb", "c") and ("a", "b\nc") would share a job).
        if (organizationId.Contains('\n'))
            throw new ArgumentException("An organization id cannot contain a line break.", nameof(organizationId));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"geopera-clip/job/v1\n{organizationId}\n{idempotencyKey}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>The workflow id of a job: readable in the Temporal UI, unique per job.</summary>
    public static string WorkflowId(string jobId) => WorkflowIdPrefix + jobId;

    public static string WorkflowId(string organizationId, string idempotencyKey) =>
        WorkflowId(JobId(organizationId, idempotencyKey));

    /// <summary>The id of the <c>Admit</c> update a request sends: the same for a retried request
    /// (same job, same body), so the server recognises an update it already has and answers from its
    /// outcome; another body gets another id, which the workflow's validator refuses.</summary>
    public static string AdmitUpdateId(string jobId, string requestFingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(requestFingerprint);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"geopera-clip/admit/v1\n{jobId}\n{requestFingerprint}"));
        return $"admit-{Convert.ToHexStringLower(hash.AsSpan(0, 16))}";
    }
}
