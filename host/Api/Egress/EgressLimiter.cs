using System.Threading.RateLimiting;
using Geopera.Clip.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Egress;

/// <summary>One download: the organization and the asset (job, mosaic type) it draws from.</summary>
public readonly record struct EgressKey(string OrganizationId, string JobId, string MosaicType);

/// <summary>
/// Token buckets per asset and per organization (Api:Egress); a download starts only when both
/// grant a token, so one hot file cannot starve an organization and one organization cannot
/// starve the others. The asset's bucket is asked first (as a chained limiter would), so a refusal
/// names the bucket that refused and is counted by it. Idle buckets are dropped by the partitioned
/// limiter.
/// </summary>
public sealed class EgressLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<EgressKey> _perAsset, _perOrganization;
    private readonly EgressMetrics _metrics;

    public EgressLimiter(IOptions<ApiOptions> options, EgressMetrics metrics)
    {
        var egress = options.Value.Egress;
        _metrics = metrics;
        _perOrganization = PartitionedRateLimiter.Create<EgressKey, string>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key.OrganizationId, _ => Bucket(egress.PerOrganizationBurst, egress.PerOrganizationPerSecond)));
        _perAsset = PartitionedRateLimiter.Create<EgressKey, (string, string, string)>(key =>
            RateLimitPartition.GetTokenBucketLimiter((key.OrganizationId, key.JobId, key.MosaicType), _ => Bucket(egress.PerAssetBurst, egress.PerAssetPerSecond)));
    }

    /// <summary>Takes a token from both buckets for the download, or says how long to wait.</summary>
    public bool TryAcquire(EgressKey key, out TimeSpan retryAfter) =>
        TryAcquire(_perAsset, key, EgressRefusal.AssetBucket, out retryAfter)
        && TryAcquire(_perOrganization, key, EgressRefusal.OrganizationBucket, out retryAfter);

    private bool TryAcquire(PartitionedRateLimiter<EgressKey> limiter, EgressKey key, EgressRefusal reason, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        if (!lease.IsAcquired)
            _metrics.Refused(reason);
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

    public void Dispose()
    {
        _perAsset.Dispose();
        _perOrganization.Dispose();
    }
}
