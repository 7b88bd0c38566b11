using System.Collections.Concurrent;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Host.Api.Egress;

/// <summary>
/// One circuit per bucket and one per object, so a fault stops only what it reaches: an
/// unreadable file pauses that file's downloads, a missing or unreachable bucket that bucket's,
/// and every other organization's files keep streaming. A read enters both its bucket's and its
/// object's circuit; object circuits that are closed and clean are dropped, so the table holds only
/// files that failed lately.
/// </summary>
public sealed class ScopedCircuits(CircuitPolicy policy, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), CircuitBreaker> _objects = new();

    /// <summary>The worst state of any circuit (open, then half-open, then closed), for the metric.</summary>
    public CircuitState Worst
    {
        get
        {
            var states = _buckets.Values.Concat(_objects.Values).Select(b => b.State).ToList();
            return states.Contains(CircuitState.Open) ? CircuitState.Open
                : states.Contains(CircuitState.HalfOpen) ? CircuitState.HalfOpen : CircuitState.Closed;
        }
    }

    public CircuitState StateOf(string bucket, string? key = null) =>
        (key is null ? _buckets.GetValueOrDefault(bucket) : _objects.GetValueOrDefault((bucket, key)))?.State ?? CircuitState.Closed;

    /// <summary>Both circuits let the read through, or how long to wait.</summary>
    public bool TryEnter(string bucket, string key, out TimeSpan retryAfter)
    {
        var bucketCircuit = Bucket(bucket);
        if (!bucketCircuit.TryEnter(out retryAfter))
            return false;
        if (_objects.TryGetValue((bucket, key), out var objectCircuit) && !objectCircuit.TryEnter(out retryAfter))
        {
            bucketCircuit.Abandon();
            return false;
        }
        return true;
    }

    public void Succeeded(string bucket, string key)
    {
        Bucket(bucket).RecordSuccess();
        _objects.TryRemove((bucket, key), out _); // closed and clean: nothing to remember
    }

    /// <summary>A fault counts against the circuit of its scope. An object's fault means the bucket
    /// answered (a success for it); a bucket's fault says nothing about the object.</summary>
    public void Failed(string bucket, string key, StorageFaultScope scope)
    {
        if (scope == StorageFaultScope.Object)
        {
            Bucket(bucket).RecordSuccess();
            _objects.GetOrAdd((bucket, key), _ => new CircuitBreaker(policy, clock)).RecordFailure();
        }
        else
        {
            Bucket(bucket).RecordFailure();
            if (_objects.TryGetValue((bucket, key), out var objectCircuit))
                objectCircuit.Abandon();
        }
    }

    public void Abandoned(string bucket, string key)
    {
        Bucket(bucket).Abandon();
        if (_objects.TryGetValue((bucket, key), out var objectCircuit))
            objectCircuit.Abandon();
    }

    private CircuitBreaker Bucket(string bucket) => _buckets.GetOrAdd(bucket, _ => new CircuitBreaker(policy, clock));
}
