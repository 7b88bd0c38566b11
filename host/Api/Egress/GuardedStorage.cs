using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Egress;

/// <summary>An object opened for download: its size, the range decided, and the content.</summary>
public sealed record OpenedObject(long Size, RangeDecision Decision, Stream Content);

/// <summary>
/// Storage reads for downloads behind circuit breakers scoped per bucket and per object
/// (<see cref="ScopedCircuits"/>): while a read's circuit is open it is refused at once (429 with
/// Retry-After) instead of piling onto a failing store; a storage fault (an unreadable file, a
/// missing bucket or root, an unreachable store) counts against its circuit and answers 503
/// storage-unavailable with Retry-After. A missing object under a present bucket is a 404 and a
/// success for the circuits: storage answered.
/// </summary>
public sealed partial class GuardedStorage
{
    private readonly IObjectStore _store;
    private readonly IOptions<ApiOptions> _options;
    private readonly EgressMetrics _metrics;
    private readonly ILogger<GuardedStorage> _log;
    private readonly ScopedCircuits _circuits;

    public GuardedStorage(IObjectStore store, IOptions<ApiOptions> options, TimeProvider clock, EgressMetrics metrics, ILogger<GuardedStorage> log)
    {
        (_store, _options, _metrics, _log) = (store, options, metrics, log);
        _circuits = new(new CircuitPolicy(Math.Max(1, options.Value.Egress.CircuitFailureThreshold), TimeSpan.FromSeconds(options.Value.Egress.CircuitOpenSeconds)), clock);
        metrics.ObserveCircuit(() => _circuits.Worst);
    }

    private int FaultRetryAfter => (int)Math.Ceiling(Math.Min(_options.Value.Egress.CircuitOpenSeconds, 5));

    /// <summary>The worst state of any circuit.</summary>
    public CircuitState Circuit => _circuits.Worst;

    public ScopedCircuits Circuits => _circuits;

    /// <summary>Stat the object and open the part the Range header asks for, as one guarded step.</summary>
    public async Task<OpenedObject> OpenAsync(string bucket, string key, string? rangeHeader, CancellationToken ct)
    {
        if (!_circuits.TryEnter(bucket, key, out var wait))
        {
            _metrics.Refused(EgressRefusal.Circuit);
            throw new ApiProblemException(ProblemCatalog.StorageCircuitOpen((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))));
        }
        try
        {
            var info = await _store.StatAsync(bucket, key, ct);
            var decision = HttpRange.Decide(rangeHeader, info.SizeBytes);
            var stream = decision.Kind == RangeKind.Unsatisfiable || info.SizeBytes == 0
                ? Stream.Null
                : await _store.OpenReadAsync(bucket, key, decision.Kind == RangeKind.Partial ? decision.Range : null, ct);
            _circuits.Succeeded(bucket, key);
            return new OpenedObject(info.SizeBytes, decision, stream);
        }
        catch (ObjectNotFoundException)
        {
            _circuits.Succeeded(bucket, key); // storage answered; the object is gone
            throw;
        }
        catch (Exception e) when (IsStorageFault(e, ct))
        {
            RecordFault(e, bucket, key);
            throw new ApiProblemException(ProblemCatalog.StorageFault(FaultRetryAfter));
        }
        catch
        {
            _circuits.Abandoned(bucket, key);
            throw;
        }
    }

    /// <summary>Bytes of a download sent to the client.</summary>
    public void RecordStreamed(long bytes) => _metrics.Streamed(bytes);

    /// <summary>A read that failed after the response started (the body is cut off).</summary>
    public void RecordStreamFault(Exception e, string bucket, string key) => RecordFault(e, bucket, key);

    private void RecordFault(Exception e, string bucket, string key)
    {
        var scope = e is StorageUnavailableException unavailable ? unavailable.Scope
            : e is UnauthorizedAccessException ? StorageFaultScope.Object : StorageFaultScope.Bucket;
        _circuits.Failed(bucket, key, scope);
        LogFault(_log, e, bucket, key, scope, _circuits.StateOf(bucket, scope == StorageFaultScope.Object ? key : null));
    }

    public static bool IsStorageFault(Exception e, CancellationToken ct) =>
        e is StorageUnavailableException or IOException or TimeoutException or HttpRequestException or UnauthorizedAccessException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    [LoggerMessage(EventId = 1005, EventName = "Fault", Level = LogLevel.Warning, Message = "Storage read of {Bucket}/{Key} failed; the {Scope} circuit is {Circuit}")]
    private static partial void LogFault(ILogger logger, Exception e, string bucket, string key, StorageFaultScope scope, CircuitState circuit);
}
