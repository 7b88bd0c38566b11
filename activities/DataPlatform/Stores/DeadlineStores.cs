namespace Geopera.Clip.Activities.DataPlatform.Stores;

/// <summary>The stores as registered for the service: each call bounded by <see cref="DatabaseDeadline"/>.</summary>
internal sealed class DeadlineApiKeyStore(IApiKeyStore inner, DatabaseDeadline deadline) : IApiKeyStore
{
    public Task<ApiPrincipal?> AuthenticateAsync(string rawKey, CancellationToken ct) =>
        deadline.RunAsync(t => inner.AuthenticateAsync(rawKey, t), ct);
}

/// <inheritdoc cref="DeadlineApiKeyStore"/>
internal sealed class DeadlineJobStore(IJobStore inner, DatabaseDeadline deadline) : IJobStore
{
    public Task<JobRecord?> GetAsync(string organizationId, string jobId, CancellationToken ct) =>
        deadline.RunAsync(t => inner.GetAsync(organizationId, jobId, t), ct);

    public Task<JobPage> ListAsync(string organizationId, string? status, int limit, int offset, CancellationToken ct) =>
        deadline.RunAsync(t => inner.ListAsync(organizationId, status, limit, offset, t), ct);

    public Task<bool> MarkDeletedAsync(string organizationId, string jobId, CancellationToken ct) =>
        deadline.RunAsync(t => inner.MarkDeletedAsync(organizationId, jobId, t), ct);
}

/// <inheritdoc cref="DeadlineApiKeyStore"/>
internal sealed class DeadlineIdempotencyStore(IIdempotencyStore inner, DatabaseDeadline deadline) : IIdempotencyStore
{
    public Task<(IdempotencyMatch Match, IdempotencyRecord? Record)> FindAsync(string organizationId, string key, string fingerprint, CancellationToken ct) =>
        deadline.RunAsync(t => inner.FindAsync(organizationId, key, fingerprint, t), ct);

    public Task<IdempotencyMatch> SaveAsync(string organizationId, string key, string fingerprint, string jobId, StoredAnswer? answer, CancellationToken ct) =>
        deadline.RunAsync(t => inner.SaveAsync(organizationId, key, fingerprint, jobId, answer, t), ct);
}
