using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Temporalio.Runtime;

namespace Geopera.Clip.Host.Telemetry;

/// <summary>
/// Carries the Temporal SDK runtime's metrics (worker task slots, poll and schedule-to-start
/// latency, activity and workflow task latency and failures, client request counts) into a .NET
/// <see cref="Meter"/>, so they leave through the same OpenTelemetry pipeline and <c>/metrics</c>
/// endpoint as the service's own. The SDK's DiagnosticSource extension does this job but is not
/// served by the package mirror; this is its contract as
/// <see cref="ICustomMetricMeter"/> documents it: core creates instruments once, then reports
/// values with tag sets it created through <see cref="CreateTags"/>. Durations arrive as seconds
/// (<see cref="CustomMetricMeterOptions.DurationFormat.FloatSeconds"/>), unit "s".
/// </summary>
public sealed class TemporalMetricsBridge(Meter meter) : ICustomMetricMeter
{
    public ICustomMetricCounter<T> CreateCounter<T>(string name, string? unit, string? description) where T : struct =>
        new Counter<T>(meter.CreateCounter<T>(name, Unit(unit), description));

    public ICustomMetricHistogram<T> CreateHistogram<T>(string name, string? unit, string? description) where T : struct =>
        new Histogram<T>(meter.CreateHistogram<T>(name, Unit(unit), description));

    public ICustomMetricGauge<T> CreateGauge<T>(string name, string? unit, string? description) where T : struct
    {
        var gauge = new Gauge<T>();
        meter.CreateObservableGauge(name, gauge.Observe, Unit(unit), description);
        return gauge;
    }

    public object CreateTags(object? appendFrom, IReadOnlyCollection<KeyValuePair<string, object>> tags) =>
        Tags.From(appendFrom as Tags, tags);

    // Core names its duration unit "duration"; with FloatSeconds the values are seconds.
    private static string? Unit(string? unit) => unit == "duration" ? "s" : unit;

    private sealed class Counter<T>(System.Diagnostics.Metrics.Counter<T> counter) : ICustomMetricCounter<T> where T : struct
    {
        public void Add(T value, object tags) => counter.Add(value, ((Tags)tags).List);
    }

    private sealed class Histogram<T>(System.Diagnostics.Metrics.Histogram<T> histogram) : ICustomMetricHistogram<T> where T : struct
    {
        public void Record(T value, object tags) => histogram.Record(value, ((Tags)tags).List);
    }

    /// <summary>Last value per tag set, read when the exporter collects. Temporal's tag sets are
    /// bounded (namespace, task queue, worker type, activity or workflow type).</summary>
    private sealed class Gauge<T> : ICustomMetricGauge<T> where T : struct
    {
        private readonly ConcurrentDictionary<Tags, T> _values = new();

        public void Set(T value, object tags) => _values[(Tags)tags] = value;

        public IEnumerable<Measurement<T>> Observe() => [.. _values.Select(v => new Measurement<T>(v.Value, v.Key.List))];
    }

    /// <summary>An immutable, ordered tag set with value equality (gauges key on it).</summary>
    private sealed class Tags : IEquatable<Tags>
    {
        private readonly KeyValuePair<string, object?>[] _pairs;

        private Tags(KeyValuePair<string, object?>[] pairs)
        {
            _pairs = pairs;
            List = new TagList(pairs);
        }

        public TagList List { get; }

        public static Tags From(Tags? parent, IReadOnlyCollection<KeyValuePair<string, object>> added)
        {
            var merged = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in parent?._pairs ?? [])
                merged[key] = value;
            foreach (var (key, value) in added)
                merged[key] = value;
            return new Tags([.. merged]);
        }

        public bool Equals(Tags? other) => other is not null && _pairs.SequenceEqual(other._pairs);

        public override bool Equals(object? obj) => Equals(obj as Tags);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var (key, value) in _pairs)
            {
                hash.Add(key);
                hash.Add(value);
            }
            return hash.ToHashCode();
        }
    }
}
