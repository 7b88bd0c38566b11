using Geopera.Clip.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Egress;

/// <summary>One download: the organization and the asset (job, mosaic type) it draws from.</summary>
public readonly record struct EgressKey(string OrganizationId, string JobId, string MosaicType);

/// <summary>
/// Token buckets per asset and per organization (Api:Egress); a download starts only when both
/// hold a token, and then takes one from each, so one hot file cannot starve an organization and
/// one organization cannot starve the others. A refused download takes nothing. The refusal is
/// counted against the asset's bucket when it is empty, else the organization's, and Retry-After
/// is the time until both hold a token again. The buckets refill from the injected
/// <see cref="TimeProvider"/> (see <see cref="TokenBucket"/>); those back at their burst are dropped.
/// </summary>
public sealed class EgressLimiter
{
    // How often full buckets are looked for; memory only, never an answer, depends on it.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly TokenBuckets<EgressKey> _perAsset;
    private readonly TokenBuckets<string> _perOrganization;
    private readonly TimeProvider _clock;
    private readonly EgressMetrics _metrics;
    private long _lastSweep;

    public EgressLimiter(IOptions<ApiOptions> options, TimeProvider clock, EgressMetrics metrics)
    {
        var egress = options.Value.Egress;
        (_clock, _metrics) = (clock, metrics);
        _perAsset = new(BucketPolicy.From(egress.PerAssetBurst, egress.PerAssetPerSecond), clock);
        _perOrganization = new(BucketPolicy.From(egress.PerOrganizationBurst, egress.PerOrganizationPerSecond), clock);
        _lastSweep = clock.GetTimestamp();
    }

    /// <summary>Buckets held for assets and organizations that drew tokens lately.</summary>
    public int BucketsHeld
    {
        get { lock (_gate) return _perAsset.Count + _perOrganization.Count; }
    }

    /// <summary>Takes a token from both buckets for the download, or says how long to wait.</summary>
    public bool TryAcquire(EgressKey key, out TimeSpan retryAfter)
    {
        EgressRefusal refusal;
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            DropFullBuckets(now);
            var asset = _perAsset.At(key, now);
            var organization = _perOrganization.At(key.OrganizationId, now);
            if (asset.HasToken && organization.HasToken)
            {
                _perAsset.Set(key, asset.Take());
                _perOrganization.Set(key.OrganizationId, organization.Take());
                retryAfter = TimeSpan.Zero;
                return true;
            }
            refusal = asset.HasToken ? EgressRefusal.OrganizationBucket : EgressRefusal.AssetBucket;
            var assetWait = asset.WaitForToken(_perAsset.Policy);
            var organizationWait = organization.WaitForToken(_perOrganization.Policy);
            retryAfter = assetWait > organizationWait ? assetWait : organizationWait;
        }
        _metrics.Refused(refusal);
        return false;
    }

    private void DropFullBuckets(long now)
    {
        if (_clock.GetElapsedTime(_lastSweep, now) < SweepEvery)
            return;
        _perAsset.DropFull(now);
        _perOrganization.DropFull(now);
        _lastSweep = now;
    }
}
