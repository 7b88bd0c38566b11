using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Geopera.Clip.Host.Telemetry;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>
/// The Temporal runtime's metrics reach a .NET meter through <see cref="TemporalMetricsBridge"/>.
/// Values are recorded through the runtime's own <c>MetricMeter</c>, so they travel the path the
/// worker and client metrics take: into the SDK's Rust core, which buffers them and hands them
/// back to the bridge. No Temporal server is needed for that path.
/// </summary>
public sealed class TemporalMetricsBridgeTests : IDisposable
{
    private readonly Meter _meter = new("Temporalio.Test." + Guid.NewGuid().ToString("N"));
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, string? Unit, double Value, Dictionary<string, object?> Tags)> _seen = new();

    public TemporalMetricsBridgeTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _meter)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _seen.Enqueue((instrument.Name, instrument.Unit, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task Counters_histograms_and_gauges_arrive_with_their_tags_and_durations_in_seconds()
    {
        var runtime = ClipTemporalRuntime.Create(_meter);
        var tagged = runtime.MetricMeter.WithTags([new("task_queue", "clip-warp")]);
        tagged.CreateCounter<long>("clip_bridge_polls", "{poll}").Add(3, [new("worker_type", "ActivityWorker")]);
        // "duration" is the unit the core gives its own latency histograms.
        tagged.CreateHistogram<TimeSpan>("clip_bridge_latency", "duration").Record(TimeSpan.FromMilliseconds(1500));
        tagged.CreateGauge<long>("clip_bridge_slots").Set(7);

        var polls = await SeenAsync("clip_bridge_polls", "clip_bridge_latency");
        Assert.Equal(3, polls["clip_bridge_polls"].Value);
        Assert.Equal("clip-warp", polls["clip_bridge_polls"].Tags["task_queue"]);
        Assert.Equal("ActivityWorker", polls["clip_bridge_polls"].Tags["worker_type"]);
        Assert.Equal(1.5, polls["clip_bridge_latency"].Value, 6);
        Assert.Equal("s", polls["clip_bridge_latency"].Unit);

        _listener.RecordObservableInstruments();
        var gauge = Assert.Single(_seen, s => s.Name == "clip_bridge_slots");
        Assert.Equal(7, gauge.Value);
        Assert.Equal("clip-warp", gauge.Tags["task_queue"]);
    }

    private async Task<Dictionary<string, (string? Unit, double Value, Dictionary<string, object?> Tags)>> SeenAsync(params string[] names)
    {
        // The core hands buffered metric calls back on its own schedule; wait for them, bounded.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!names.All(n => _seen.Any(s => s.Name == n)))
            await Task.Delay(20, deadline.Token);
        return names.ToDictionary(n => n, n => _seen.First(s => s.Name == n) is var s ? (s.Unit, s.Value, s.Tags) : default);
    }
}
