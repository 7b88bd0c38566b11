using System.Collections.Concurrent;
using Geopera.Clip.Activities.DataPlatform;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Database;

/// <summary>
/// Keys verified in the last <see cref="ApiOptions.KeyCacheSeconds"/> authenticate without a
/// database round trip. Only verified keys are kept (an unknown key is asked every time, so a key
/// created a moment ago works at once), indexed by the key's SHA-256 as the database stores it,
/// at most <see cref="ApiOptions.KeyCacheEntries"/> of them. The price is the revocation delay: a
/// revoked key keeps working for up to KeyCacheSeconds on each API instance that verified it.
/// </summary>
public sealed class ApiKeyCache(IApiKeyStore store, IOptions<ApiOptions> options, TimeProvider clock)
{
    private sealed record Entry(ApiPrincipal Principal, DateTimeOffset Expires);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public async Task<ApiPrincipal?> AuthenticateAsync(string rawKey, CancellationToken ct)
    {
        var lifetime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
        if (lifetime <= TimeSpan.Zero)
            return await store.AuthenticateAsync(rawKey, ct);
        var hash = ApiKeyHash.Compute(rawKey);
        if (_entries.TryGetValue(hash, out var cached) && cached.Expires > clock.GetUtcNow())
            return cached.Principal;
        var principal = await store.AuthenticateAsync(rawKey, ct);
        if (principal is null)
        {
            _entries.TryRemove(hash, out _);
            return null;
        }
        var now = clock.GetUtcNow();
        if (_entries.Count >= Math.Max(1, options.Value.KeyCacheEntries))
            MakeRoom(now);
        _entries[hash] = new Entry(principal, now + lifetime);
        return principal;
    }

    /// <summary>Drops expired entries; when every entry is still fresh (more distinct keys in one
    /// lifetime than the bound), drops them all: a cache miss costs one indexed lookup.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (hash, entry) in _entries)
            if (entry.Expires <= now)
                _entries.TryRemove(hash, out _);
        if (_entries.Count >= Math.Max(1, options.Value.KeyCacheEntries))
            _entries.Clear();
    }
}
