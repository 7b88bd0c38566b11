using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>
/// Every log entry of the service rendered with everything a JSON console line carries: category,
/// event id and name, the formatted message, each state value, every scope's values (the host's
/// own scopes with the trace and span ids included) and the exception. A superset of the console
/// formatter's output, so what is absent here is absent there.
/// </summary>
public sealed class RenderedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public sealed record Entry(string Category, EventId EventId, string Message, IReadOnlyDictionary<string, string> Fields, string Text);

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, RenderedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var text = new StringBuilder($"{logLevel} {category} [{eventId.Id} {eventId.Name}] ");
            var message = formatter(state, exception);
            text.Append(message);
            void Add(object? values)
            {
                if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs)
                    {
                        fields[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                        text.Append($" {key}={value}");
                    }
                else if (values is not null)
                    text.Append($" {values}");
            }
            Add(state);
            owner._scopes.ForEachScope((scope, _) => Add(scope), (object?)null);
            if (exception is not null)
                text.Append(' ').Append(exception);
            owner._entries.Enqueue(new Entry(category, eventId, message, fields, text.ToString()));
        }
    }
}
