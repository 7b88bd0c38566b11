using System.Diagnostics.Metrics;
using Geopera.Clip.Activities.Raster;

namespace Geopera.Clip.Activities.Telemetry;

/// <summary>Warps of this process: how long they take, what they read and write, how they fail, how many run
/// and how many slots are left (<see cref="WarpSlots"/>).</summary>
public sealed class WarpMetrics
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _written, _sourceRead, _failures;
    private readonly UpDownCounter<long> _active;

    public WarpMetrics(IMeterFactory meters, WarpSlots slots)
    {
        var meter = meters.Create(ClipTelemetry.MeterName);
        _duration = meter.CreateHistogram("clip.warp.duration", "s",
            "Time of one warp attempt (clip, quicklook, upload), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ClipTelemetry.DurationBuckets });
        _written = meter.CreateCounter<long>("clip.warp.output.written", "By", "Bytes of COGs and quicklooks uploaded by warps.");
        _sourceRead = meter.CreateCounter<long>("clip.warp.source.read", "By",
            "Bytes warps read from their sources' files (what GDAL's drivers read, counted per clip; see CountedSource).");
        _failures = meter.CreateCounter<long>("clip.warp.failures", "{warp}", "Warp attempts that failed, by error type.");
        _active = meter.CreateUpDownCounter<long>("clip.warp.active", "{warp}", "Warps running now (holding or waiting for a slot).");
        meter.CreateObservableGauge("clip.warp.slots.free", () => (long)slots.Free, "{slot}", "Warp slots of this process not in use.");
    }

    /// <summary>Counts the warp as running until the returned scope is disposed.</summary>
    public IDisposable Running()
    {
        _active.Add(1);
        return new Scope(_active);
    }

    /// <summary>Adds what one clip read from its source, whether or not its upload then succeeds.</summary>
    public void SourceRead(long bytes)
    {
        if (bytes > 0)
            _sourceRead.Add(bytes);
    }

    public void Finished(TimeSpan elapsed, string outcome, string? errorType, long bytesWritten)
    {
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("clip.warp.outcome", outcome));
        if (bytesWritten > 0)
            _written.Add(bytesWritten);
        if (outcome == Failed)
            _failures.Add(1, new KeyValuePair<string, object?>("error.type", errorType ?? "unknown"));
    }

    private sealed class Scope(UpDownCounter<long> active) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) active.Add(-1);
        }
    }
}
