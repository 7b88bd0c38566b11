using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Egress;

/// <summary>One download: the organization and the asset (job, mosaic type) it draws from.</summary>
public readonly record struct EgressKey(string OrganizationId, string JobId, string MosaicType);

/// <summary>
/// Token buckets per asset and per organization (Api:Egress); a download starts only when both
/// grant a token, so one hot file cannot starve an organization and one organization cannot
/// starve the others. Idle buckets are dropped by the partitioned limiter.
/// </summary>
public sealed class EgressLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<EgressKey> _limiter;

    public EgressLimiter(IOptions<ApiOptions> options)
    {
        var egress = options.Value.Egress;
        var perOrganization = PartitionedRateLimiter.Create<EgressKey, string>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key.OrganizationId, _ => Bucket(egress.PerOrganizationBurst, egress.PerOrganizationPerSecond)));
        var perAsset = PartitionedRateLimiter.Create<EgressKey, (string, string, string)>(key =>
            RateLimitPartition.GetTokenBucketLimiter((key.OrganizationId, key.JobId, key.MosaicType), _ => Bucket(egress.PerAssetBurst, egress.PerAssetPerSecond)));
        _limiter = PartitionedRateLimiter.CreateChained(perAsset, perOrganization);
    }

    /// <summary>Takes a token for the download, or says how long to wait.</summary>
    public bool TryAcquire(EgressKey key, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    /// <summary>Bucket options for a burst and a refill rate; rates under one per second refill one
    /// token per 1/rate seconds.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int burst, double perSecond)
    {
        var rate = Math.Max(perSecond, 0.001);
        var (period, tokens) = rate >= 1
            ? (TimeSpan.FromSeconds(1), (int)Math.Round(rate))
            : (TimeSpan.FromSeconds(1 / rate), 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    public void Dispose() => _limiter.Dispose();
}
