using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Api;
using Geopera.Clip.Host.Api.Database;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The API key cache on an injected clock: how long a verified key is trusted, that
/// unknown and revoked keys are asked every time, and the bound on its size.</summary>
public sealed class ApiKeyCacheTests
{
    private sealed class CountingStore : IApiKeyStore
    {
        public readonly Dictionary<string, ApiPrincipal> Keys = [];
        public int Lookups;

        public Task<ApiPrincipal?> AuthenticateAsync(string rawKey, CancellationToken ct)
        {
            Lookups++;
            return Task.FromResult(Keys.GetValueOrDefault(rawKey));
        }
    }

    private static readonly ApiPrincipal Principal = new("key-1", "org-1", new HashSet<string> { "clip:read" });

    private static (ApiKeyCache Cache, CountingStore Store, FakeTimeProvider Clock) Make(double seconds = 30, int entries = 100)
    {
        var store = new CountingStore();
        var clock = new FakeTimeProvider();
        var options = Options.Create(new ApiOptions { KeyCacheSeconds = seconds, KeyCacheEntries = entries });
        return (new ApiKeyCache(store, options, clock), store, clock);
    }

    [Fact]
    public async Task A_verified_key_is_trusted_for_the_cache_lifetime_and_a_revocation_takes_effect_after_it()
    {
        var (cache, store, clock) = Make(seconds: 30);
        store.Keys["gpra_a"] = Principal;
        Assert.Same(Principal, await cache.AuthenticateAsync("gpra_a", TestContext.Current.CancellationToken));
        store.Keys.Remove("gpra_a"); // revoked
        clock.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Same(Principal, await cache.AuthenticateAsync("gpra_a", TestContext.Current.CancellationToken));
        Assert.Equal(1, store.Lookups);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Null(await cache.AuthenticateAsync("gpra_a", TestContext.Current.CancellationToken));
        Assert.Equal(2, store.Lookups);
    }

    [Fact]
    public async Task Unknown_keys_are_asked_every_time_so_a_key_created_a_moment_later_works_at_once()
    {
        var (cache, store, _) = Make();
        Assert.Null(await cache.AuthenticateAsync("gpra_new", TestContext.Current.CancellationToken));
        store.Keys["gpra_new"] = Principal;
        Assert.Same(Principal, await cache.AuthenticateAsync("gpra_new", TestContext.Current.CancellationToken));
        Assert.Equal(2, store.Lookups);
    }

    [Fact]
    public async Task Zero_seconds_turns_the_cache_off()
    {
        var (cache, store, _) = Make(seconds: 0);
        store.Keys["gpra_a"] = Principal;
        await cache.AuthenticateAsync("gpra_a", TestContext.Current.CancellationToken);
        await cache.AuthenticateAsync("gpra_a", TestContext.Current.CancellationToken);
        Assert.Equal(2, store.Lookups);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_cache_never_holds_more_than_its_bound()
    {
        var (cache, store, clock) = Make(entries: 10);
        for (var i = 0; i < 35; i++)
        {
            store.Keys["gpra_" + i] = Principal;
            await cache.AuthenticateAsync("gpra_" + i, TestContext.Current.CancellationToken);
            // One key a second within a 30 s lifetime: all ten are fresh when the eleventh comes,
            // so it clears them and the count starts again at one.
            Assert.Equal(i % 10 + 1, cache.Count);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task Expired_entries_make_room_before_fresh_ones_are_dropped()
    {
        var (cache, store, clock) = Make(seconds: 5, entries: 3);
        foreach (var key in new[] { "gpra_old1", "gpra_old2", "gpra_fresh" })
        {
            store.Keys[key] = Principal;
            await cache.AuthenticateAsync(key, TestContext.Current.CancellationToken);
            clock.Advance(TimeSpan.FromSeconds(key == "gpra_old2" ? 4 : 0.5));
        }
        // old1 (5 s old) has expired; fresh (0.5 s) has not: adding a fourth keeps fresh cached.
        store.Keys["gpra_new"] = Principal;
        await cache.AuthenticateAsync("gpra_new", TestContext.Current.CancellationToken);
        var before = store.Lookups;
        await cache.AuthenticateAsync("gpra_fresh", TestContext.Current.CancellationToken);
        Assert.Equal(before, store.Lookups);
    }
}
