using Geopera.Clip.Activities.DataPlatform;
using Npgsql;

namespace Geopera.Clip.Host.Api.Database;

/// <summary>
/// Whether the database serves, as the API sees it, logged once per change: the first request
/// that finds PostgreSQL down logs one warning; the requests answered 503 after it are only
/// counted; a probe (<c>SELECT 1</c> every <see cref="ProbeInterval"/>, under the same per-call
/// deadline) notices its return and logs one line with the outage's length and that count.
/// A thousand failing requests a second thus cost two log lines, not a thousand stack traces.
/// </summary>
public sealed partial class DatabaseOutage(NpgsqlDataSource dataSource, DatabaseDeadline deadline, TimeProvider clock, ILogger<DatabaseOutage> log) : IDisposable
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private DateTimeOffset? _downSince;
    private long _refused;

    public bool IsDown
    {
        get { lock (_gate) return _downSince is not null; }
    }

    /// <summary>A request met <paramref name="fault"/> and answered 503.</summary>
    public void Refused(Exception fault)
    {
        lock (_gate)
        {
            _refused++;
            if (_downSince is not null)
                return;
            _downSince = clock.GetUtcNow();
            _refused = 1;
        }
        LogDown(log, DatabaseFaults.Describe(fault));
        // Idle pooled connections to a server that went away are broken; without this each would
        // fail one request after the server is back.
        dataSource.Clear();
        _ = Task.Run(ProbeUntilBackAsync);
    }

    private async Task ProbeUntilBackAsync()
    {
        try
        {
            while (!await AnswersAsync())
                await Task.Delay(ProbeInterval, clock, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return; // shutting down
        }
        DateTimeOffset since;
        long refused;
        lock (_gate)
        {
            (since, refused) = (_downSince!.Value, _refused);
            _downSince = null;
        }
        dataSource.Clear();
        LogBack(log, (clock.GetUtcNow() - since).TotalSeconds, refused);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            await deadline.RunAsync(async ct =>
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                return await command.ExecuteScalarAsync(ct);
            }, _stopping.Token);
            return true;
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e))
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 1061, EventName = "DatabaseDown", Level = LogLevel.Warning,
        Message = "Database unavailable ({Reason}): operations answer 503 service-unavailable until it answers again. Check that PostgreSQL is up, accepting connections and not overloaded; the next log line says when it is back")]
    private static partial void LogDown(ILogger logger, string reason);

    [LoggerMessage(EventId = 1062, EventName = "DatabaseBack", Level = LogLevel.Information,
        Message = "Database answers again after {OutageSeconds:0.0} s; {Refused} requests were answered 503 meanwhile")]
    private static partial void LogBack(ILogger logger, double outageSeconds, long refused);
}
