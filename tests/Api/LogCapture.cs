using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Geopera.Clip.Tests.Api;

/// <summary>Keeps every log entry the service writes (at the levels its logging configuration lets
/// through), so a test can assert that a caller's mistake logged no error, or count the lines an
/// outage cost.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>The host's scopes (request, operation, job), so a test sees what the JSON console writes.</summary>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Entries of error level or above, as text.</summary>
    public IReadOnlyList<string> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.ToString())];

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>Errors minus GDAL's process-wide handler: GDAL reports errors raised on threads
    /// without an error scope to whichever host configured GDAL last, so under a parallel run another
    /// test class's deliberate GDAL failure lands here. Request handling never runs GDAL unscoped.</summary>
    public IReadOnlyList<string> ErrorsOfThisHost =>
        [.. _entries.Where(e => e.Level >= LogLevel.Error && e.Category != "Geopera.Clip.Gdal").Select(e => e.ToString())];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries, () => _scopes);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var open = new List<string>();
            scopes().ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), open);
            entries.Enqueue(new CapturedLog(logLevel, category, eventId, formatter(state, exception), exception, open));
        }
    }
}

public sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception, IReadOnlyList<string>? Scopes = null)
{
    public override string ToString() => $"{Level} {Category}: {Message} {Exception?.GetType().Name}";
}
