using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Health;

/// <summary>
/// Runs this role's readiness checks side by side, each within its own timeout, and never throws:
/// a check that throws or hangs (even one that blocks its thread and ignores the token) is reported
/// as failing once its time is up. Logs when a check starts failing and when it recovers, once per
/// change, so a probe polled every few seconds does not flood the log.
/// </summary>
public sealed partial class ReadinessProbe(
    IEnumerable<IReadinessCheck> checks,
    IOptions<ReadinessOptions> options,
    TimeProvider time,
    ILogger<ReadinessProbe> log)
{
    private readonly IReadOnlyList<IReadinessCheck> _checks = [.. checks];
    private readonly ConcurrentDictionary<string, bool> _lastReady = new();

    public async Task<ReadinessReport> CheckAsync(CancellationToken ct)
    {
        var reports = await Task.WhenAll(_checks.Select(check => RunAsync(check, ct)));
        return ReadinessReport.From(reports);
    }

    private async Task<CheckReport> RunAsync(IReadinessCheck check, CancellationToken ct)
    {
        var timeout = options.Value.TimeoutFor(check.Name);
        var started = time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        ReadinessResult result;
        try
        {
            // Task.Run: a check that blocks before its first await must not hold the others up.
            result = await Task.Run(() => check.CheckAsync(deadline.Token), CancellationToken.None).WaitAsync(timeout, time, ct);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // The wait and the token's timer race; the check is told to stop either way.
            await deadline.CancelAsync();
            result = ReadinessResult.Fail(
                $"No answer within {timeout.TotalMilliseconds:0} ms.",
                $"The {check.Name} dependency hangs or is very slow; check it (network, load), or raise Readiness:Timeouts:{check.Name}.");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogCheckThrew(log, check.Name, e);
            result = ReadinessResult.Fail($"The check failed: {e.GetType().Name}: {e.Message}", "See the service log (event ReadinessCheckThrew) for the cause.");
        }
        var elapsed = time.GetElapsedTime(started);
        NoteChange(check.Name, result);
        return new CheckReport(check.Name, result.Ready ? CheckReport.Pass : CheckReport.Fail, (long)elapsed.TotalMilliseconds, result.Detail, result.Ready ? null : result.Action);
    }

    private void NoteChange(string name, ReadinessResult result)
    {
        var previous = _lastReady.TryGetValue(name, out var was) ? was : (bool?)null;
        _lastReady[name] = result.Ready;
        if (!result.Ready && previous != false)
            LogCheckFailing(log, name, result.Detail, result.Action);
        else if (result.Ready && previous == false)
            LogCheckRecovered(log, name);
    }

    [LoggerMessage(EventId = 1101, EventName = "ReadinessCheckFailing", Level = LogLevel.Warning,
        Message = "Not ready: {Check} failing: {Detail} {Action}")]
    private static partial void LogCheckFailing(ILogger logger, string check, string? detail, string? action);

    [LoggerMessage(EventId = 1102, EventName = "ReadinessCheckRecovered", Level = LogLevel.Information,
        Message = "Readiness check {Check} passes again")]
    private static partial void LogCheckRecovered(ILogger logger, string check);

    [LoggerMessage(EventId = 1103, EventName = "ReadinessCheckThrew", Level = LogLevel.Warning,
        Message = "Readiness check {Check} threw")]
    private static partial void LogCheckThrew(ILogger logger, string check, Exception exception);
}
