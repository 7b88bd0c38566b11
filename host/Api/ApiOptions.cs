namespace Geopera.Clip.Host.Api;

/// <summary>The <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    /// <summary>Largest accepted request body; larger → 413. 1 MiB holds AOIs of ~30k vertices.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest page of clip.jobs.list; a larger limit → 400.</summary>
    public int MaxListLimit { get; set; } = 200;

    /// <summary>Retry-After sent with 503 when the job runner is unreachable.</summary>
    public int UnavailableRetryAfterSeconds { get; set; } = 5;

    /// <summary>How long clip.job.delete of a running job waits for its workflow to close (its
    /// compensation to finish) before answering that deletion completes asynchronously.</summary>
    public double DeleteWaitSeconds { get; set; } = 10;

    /// <summary>How long a verified API key authenticates without asking the database; also the
    /// longest a revoked key keeps working on an instance that verified it. 0 turns the cache off.</summary>
    public double KeyCacheSeconds { get; set; } = 30;

    /// <summary>Most keys the cache holds at once.</summary>
    public int KeyCacheEntries { get; set; } = 10_000;

    public EgressOptions Egress { get; set; } = new();
}

/// <summary>Download limits (<c>Api:Egress</c>): token buckets per asset and per organization, and
/// the circuit breaker around storage reads.</summary>
public sealed class EgressOptions
{
    /// <summary>Downloads of one (job, mosaic type) asset that may start at once.</summary>
    public int PerAssetBurst { get; set; } = 10;

    /// <summary>Downloads per second one asset's bucket refills with.</summary>
    public double PerAssetPerSecond { get; set; } = 2;

    public int PerOrganizationBurst { get; set; } = 60;

    public double PerOrganizationPerSecond { get; set; } = 20;

    /// <summary>Consecutive storage faults that open the circuit.</summary>
    public int CircuitFailureThreshold { get; set; } = 5;

    /// <summary>How long a circuit stays open before one trial read is let through; the first
    /// trial that succeeds closes it. Short, so downloads resume within seconds of storage's return.</summary>
    public double CircuitOpenSeconds { get; set; } = 5;
}
