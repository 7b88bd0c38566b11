using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Egress;

/// <summary>An object opened for download: its size, the range decided, and the content.</summary>
public sealed record OpenedObject(long Size, RangeDecision Decision, Stream Content);

/// <summary>
/// Storage reads for downloads behind the circuit breaker: while the circuit is open a read is
/// refused at once (429 with Retry-After) instead of piling onto a failing store; a storage fault
/// counts against the circuit and answers 503.
/// </summary>
public sealed partial class GuardedStorage
{
    private readonly IObjectStore store;
    private readonly IOptions<ApiOptions> options;
    private readonly EgressMetrics metrics;
    private readonly ILogger<GuardedStorage> log;
    private readonly CircuitBreaker _breaker;

    public GuardedStorage(IObjectStore store, IOptions<ApiOptions> options, TimeProvider clock, EgressMetrics metrics, ILogger<GuardedStorage> log)
    {
        (this.store, this.options, this.metrics, this.log) = (store, options, metrics, log);
        _breaker = new(new CircuitPolicy(Math.Max(1, options.Value.Egress.CircuitFailureThreshold), TimeSpan.FromSeconds(options.Value.Egress.CircuitOpenSeconds)), clock);
        metrics.ObserveCircuit(() => _breaker.State);
    }

    private int FaultRetryAfter => (int)Math.Ceiling(Math.Min(options.Value.Egress.CircuitOpenSeconds, 5));

    public CircuitState Circuit => _breaker.State;

    /// <summary>Stat the object and open the part the Range header asks for, as one guarded step.</summary>
    public async Task<OpenedObject> OpenAsync(string bucket, string key, string? rangeHeader, CancellationToken ct)
    {
        if (!_breaker.TryEnter(out var wait))
        {
            metrics.Refused(EgressRefusal.Circuit);
            throw new ApiProblemException(ProblemCatalog.StorageCircuitOpen((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))));
        }
        try
        {
            var info = await store.StatAsync(bucket, key, ct);
            var decision = HttpRange.Decide(rangeHeader, info.SizeBytes);
            var stream = decision.Kind == RangeKind.Unsatisfiable || info.SizeBytes == 0
                ? Stream.Null
                : await store.OpenReadAsync(bucket, key, decision.Kind == RangeKind.Partial ? decision.Range : null, ct);
            _breaker.RecordSuccess();
            return new OpenedObject(info.SizeBytes, decision, stream);
        }
        catch (ObjectNotFoundException)
        {
            _breaker.RecordSuccess(); // storage answered; the object is gone
            throw;
        }
        catch (Exception e) when (IsStorageFault(e, ct))
        {
            _breaker.RecordFailure();
            LogFault(log, e, bucket, key, _breaker.State);
            throw new ApiProblemException(ProblemCatalog.StorageFault(FaultRetryAfter));
        }
        catch
        {
            _breaker.Abandon();
            throw;
        }
    }

    /// <summary>Bytes of a download sent to the client.</summary>
    public void RecordStreamed(long bytes) => metrics.Streamed(bytes);

    /// <summary>A read that failed after the response started (the body is cut off).</summary>
    public void RecordStreamFault(Exception e, string bucket, string key)
    {
        _breaker.RecordFailure();
        LogFault(log, e, bucket, key, _breaker.State);
    }

    public static bool IsStorageFault(Exception e, CancellationToken ct) =>
        e is StorageUnavailableException or IOException or TimeoutException or HttpRequestException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    [LoggerMessage(EventId = 1005, EventName = "Fault", Level = LogLevel.Warning, Message = "Storage read of {Bucket}/{Key} failed; circuit {Circuit}")]
    private static partial void LogFault(ILogger logger, Exception e, string bucket, string key, CircuitState circuit);
}
