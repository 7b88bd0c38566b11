namespace Geopera.Clip.Host.Api.Egress;

/// <summary>
/// Token buckets by key, all with one policy. A key without a bucket reads as a full one, so a
/// bucket that has refilled to the burst can be dropped without changing any answer: the table
/// holds only keys that drew tokens lately. Not thread-safe; its owner serializes the calls.
/// </summary>
public sealed class TokenBuckets<TKey>(BucketPolicy policy, TimeProvider clock) where TKey : notnull
{
    private readonly Dictionary<TKey, TokenBucket> _levels = [];

    public BucketPolicy Policy => policy;

    /// <summary>Buckets held (the keys that are not full).</summary>
    public int Count => _levels.Count;

    public TokenBucket At(TKey key, long now) =>
        _levels.TryGetValue(key, out var level) ? level.At(now, policy, clock) : TokenBucket.Full(policy, now);

    public void Set(TKey key, TokenBucket level) => _levels[key] = level;

    public void DropFull(long now)
    {
        foreach (var (key, level) in _levels)
        {
            if (level.At(now, policy, clock).IsFull(policy))
                _levels.Remove(key);
        }
    }
}
