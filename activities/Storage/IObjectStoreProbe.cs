namespace Geopera.Clip.Activities.Storage;

/// <summary>What a readiness probe of the object store found: whether it can serve, what was
/// seen, and when it cannot, what an operator should do about it.</summary>
public sealed record StoreProbeResult(bool Ready, string Detail, string? Action)
{
    public static StoreProbeResult Serving(string detail) => new(true, detail, null);

    public static StoreProbeResult Failing(string detail, string action) => new(false, detail, action);
}

/// <summary>
/// Asks the configured object store, as <c>/readyz</c> does, whether it can serve: the local root
/// is there and writable, or Cloud Storage answers for each bucket in <c>Storage:Buckets</c> and
/// it exists. Kept apart from <see cref="IObjectStore"/> so that wrappers of the store (fault
/// injection, tests) need not implement it.
/// </summary>
public interface IObjectStoreProbe
{
    Task<StoreProbeResult> ProbeAsync(CancellationToken ct);
}
