using System.Diagnostics.Metrics;
using Geopera.Clip.Host.Api;
using Geopera.Clip.Host.Api.Egress;
using Geopera.Clip.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The download token buckets on a fake clock: exact bursts, exact refills, exact waits,
/// assets and organizations apart, and what a refusal is counted as.</summary>
public sealed class EgressLimiterTests : IDisposable
{
    // Asset: 5 at once, one back every 5 s. Organization: 8 at once, one back every 2 s.
    private static readonly EgressOptions Limits = new()
    {
        PerAssetBurst = 5,
        PerAssetPerSecond = 0.2,
        PerOrganizationBurst = 8,
        PerOrganizationPerSecond = 0.5,
    };

    private static readonly EgressKey A = new("org-1", "job-1", "rgb");
    private static readonly EgressKey B = new("org-1", "job-2", "rgb");
    private static readonly EgressKey C = new("org-1", "job-3", "rgb");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, int> _refusals = [];

    public EgressLimiterTests()
    {
        // Only this test's meter: other tests' limiters refuse in parallel on meters of the same name.
        var factory = _meters.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "clip.egress.refused")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var reason = (string)tags.ToArray().Single(t => t.Key == "clip.egress.reason").Value!;
            lock (_refusals)
                _refusals[reason] = _refusals.GetValueOrDefault(reason) + (int)value;
        });
        _listener.Start();
    }

    private EgressLimiter Limiter(EgressOptions? limits = null) =>
        new(Options.Create(new ApiOptions { Egress = limits ?? Limits }), _clock, new EgressMetrics(_meters.GetRequiredService<IMeterFactory>()));

    private static int Granted(EgressLimiter limiter, EgressKey key, int attempts) =>
        Enumerable.Range(0, attempts).Count(attempt => limiter.TryAcquire(key, out _));

    private static TimeSpan Refused(EgressLimiter limiter, EgressKey key)
    {
        Assert.False(limiter.TryAcquire(key, out var wait));
        return wait;
    }

    [Fact]
    public void A_burst_lets_exactly_the_burst_through_and_names_the_wait_for_the_next_token()
    {
        var limiter = Limiter();
        Assert.Equal(5, Granted(limiter, A, 6));
        Assert.Equal(TimeSpan.FromSeconds(5), Refused(limiter, A));
        Assert.Equal(2, _refusals["asset_bucket"]);
        Assert.False(_refusals.ContainsKey("organization_bucket"));
    }

    [Fact]
    public void A_token_comes_back_after_exactly_the_time_one_takes_to_refill()
    {
        var limiter = Limiter();
        Assert.Equal(5, Granted(limiter, A, 5));
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(TimeSpan.FromSeconds(0.1), Refused(limiter, A));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, Granted(limiter, A, 3));
        Assert.Equal(TimeSpan.FromSeconds(5), Refused(limiter, A));
    }

    [Fact]
    public void The_wait_it_names_is_enough_and_one_tick_less_is_not()
    {
        // 3 per second: a token takes 3,333,333.3 ticks, so the wait must round up, not down.
        var limiter = Limiter(new EgressOptions { PerAssetBurst = 1, PerAssetPerSecond = 3, PerOrganizationBurst = 100, PerOrganizationPerSecond = 100 });
        Assert.True(limiter.TryAcquire(A, out _));
        var wait = Refused(limiter, A);
        Assert.Equal(TimeSpan.FromTicks(3_333_334), wait);
        _clock.Advance(wait - TimeSpan.FromTicks(1));
        Refused(limiter, A);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(limiter.TryAcquire(A, out _));
    }

    [Fact]
    public void A_bucket_refills_only_up_to_its_burst()
    {
        var limiter = Limiter();
        Assert.Equal(5, Granted(limiter, A, 5));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, Granted(limiter, A, 10));
    }

    [Fact]
    public void Each_asset_has_its_own_bucket()
    {
        var limiter = Limiter();
        Assert.Equal(5, Granted(limiter, A, 6));
        Assert.True(limiter.TryAcquire(A with { MosaicType = "ndvi" }, out _)); // same job, another file
        Assert.True(limiter.TryAcquire(B, out _));
    }

    [Fact]
    public void The_organization_bucket_caps_all_its_assets_and_spares_other_organizations()
    {
        var limiter = Limiter();
        Assert.Equal(5, Granted(limiter, A, 5));
        Assert.Equal(3, Granted(limiter, B, 3));
        Assert.Equal(TimeSpan.FromSeconds(2), Refused(limiter, B)); // B's own bucket still holds 2
        Assert.Equal(1, _refusals["organization_bucket"]);
        Assert.True(limiter.TryAcquire(new EgressKey("org-2", "job-1", "rgb"), out _));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, Granted(limiter, B, 2));
    }

    [Fact]
    public void A_refused_download_takes_no_token_from_either_bucket()
    {
        var limiter = Limiter();
        Assert.Equal(5, Granted(limiter, A, 5));
        Assert.Equal(0, Granted(limiter, A, 10)); // the asset refuses: the organization keeps its 3
        Assert.Equal(3, Granted(limiter, B, 3));
        Assert.Equal(0, Granted(limiter, B, 10)); // the organization refuses: B's asset keeps its 2
        _clock.Advance(TimeSpan.FromSeconds(4)); // the organization gets 2 back, B's asset 0.8
        Assert.Equal(2, Granted(limiter, B, 5));
    }

    [Fact]
    public void Retry_After_is_the_time_until_both_buckets_hold_a_token()
    {
        // The organization refills slower (10 s a token) than the asset (5 s).
        var limiter = Limiter(new EgressOptions { PerAssetBurst = 1, PerAssetPerSecond = 0.2, PerOrganizationBurst = 1, PerOrganizationPerSecond = 0.1 });
        Assert.True(limiter.TryAcquire(A, out _));
        Assert.Equal(TimeSpan.FromSeconds(10), Refused(limiter, A)); // both empty: the organization's wait
        _clock.Advance(TimeSpan.FromSeconds(6)); // the asset is back, the organization 4 s short
        Assert.Equal(TimeSpan.FromSeconds(4), Refused(limiter, A));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True(limiter.TryAcquire(A, out _));
    }

    [Fact]
    public void Unset_or_zero_limits_still_allow_one_download_and_refill_at_the_slowest_rate()
    {
        var limiter = Limiter(new EgressOptions { PerAssetBurst = 0, PerAssetPerSecond = 0, PerOrganizationBurst = 100, PerOrganizationPerSecond = 100 });
        Assert.Equal(1, Granted(limiter, A, 2));
        Assert.Equal(TimeSpan.FromSeconds(1 / BucketPolicy.SlowestPerSecond), Refused(limiter, A));
    }

    [Fact]
    public void Buckets_back_at_their_burst_are_dropped_and_a_dropped_one_answers_as_full()
    {
        var limiter = Limiter();
        Assert.Equal(5, Granted(limiter, A, 5));
        Assert.True(limiter.TryAcquire(B, out _));
        Assert.Equal(3, limiter.BucketsHeld); // two assets and their organization
        _clock.Advance(TimeSpan.FromSeconds(25)); // everything refilled
        Assert.True(limiter.TryAcquire(C, out _));
        Assert.Equal(2, limiter.BucketsHeld); // A and B dropped; C and the organization held
        Assert.Equal(5, Granted(limiter, A, 10)); // A starts full again (the organization holds 7)
    }

    [Fact]
    public void Concurrent_downloads_of_one_file_never_take_more_than_the_burst()
    {
        var limiter = Limiter();
        var granted = 0;
        Parallel.For(0, 400, attempt =>
        {
            if (limiter.TryAcquire(A, out _))
                Interlocked.Increment(ref granted);
        });
        Assert.Equal(5, granted);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }
}
