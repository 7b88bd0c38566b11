namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>Looks up API keys by the hash of the raw key.</summary>
public interface IApiKeyStore
{
    /// <summary>The principal for a raw <c>gpra_…</c> key, or null when unknown or revoked.</summary>
    Task<ApiPrincipal?> AuthenticateAsync(string rawKey, CancellationToken ct);
}

/// <summary>Reads and closes jobs, always within one organization.</summary>
public interface IJobStore
{
    /// <summary>The job, or null when it does not exist in this organization (never reveals another's).</summary>
    Task<JobRecord?> GetAsync(string organizationId, string jobId, CancellationToken ct);

    /// <summary>Jobs of an organization, newest first. Limit is clamped to [1, MaxListLimit].</summary>
    Task<JobPage> ListAsync(string organizationId, string? status, int limit, int offset, CancellationToken ct);

    /// <summary>Mark a job deleted (hidden from list/get); idempotent. Returns false if not found.</summary>
    Task<bool> MarkDeletedAsync(string organizationId, string jobId, CancellationToken ct);
}

/// <summary>Idempotency keys per organization, kept at least 24 h.</summary>
public interface IIdempotencyStore
{
    Task<(IdempotencyMatch Match, IdempotencyRecord? Record)> FindAsync(string organizationId, string key, string fingerprint, CancellationToken ct);

    /// <summary>Record (or confirm) the key with its fingerprint, job and answer (the first answer
    /// stored is kept). Returns <see cref="IdempotencyMatch.DifferentRequest"/> without writing when
    /// the key is already bound to another fingerprint.</summary>
    Task<IdempotencyMatch> SaveAsync(string organizationId, string key, string fingerprint, string jobId, StoredAnswer? answer, CancellationToken ct);
}
