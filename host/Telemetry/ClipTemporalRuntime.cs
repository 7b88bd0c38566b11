using System.Diagnostics.Metrics;
using Temporalio.Runtime;

namespace Geopera.Clip.Host.Telemetry;

/// <summary>
/// The one Temporal runtime of the process (the SDK's advice: a runtime owns its threads and is
/// meant to be shared), with its metrics bridged into the <see cref="MeterName"/> meter. Every
/// client and worker the host creates connects through it.
/// </summary>
public static class ClipTemporalRuntime
{
    public const string MeterName = "Temporalio";

    private static readonly Lazy<TemporalRuntime> Shared = new(() => Create(new Meter(MeterName)));

    public static TemporalRuntime Instance => Shared.Value;

    /// <summary>A runtime reporting into <paramref name="meter"/> (tests give their own).</summary>
    public static TemporalRuntime Create(Meter meter) => new(new TemporalRuntimeOptions
    {
        Telemetry = new Temporalio.Runtime.TelemetryOptions
        {
            Metrics = new MetricsOptions
            {
                CustomMetricMeter = new TemporalMetricsBridge(meter),
                CustomMetricMeterOptions = new CustomMetricMeterOptions
                {
                    HistogramDurationFormat = CustomMetricMeterOptions.DurationFormat.FloatSeconds,
                },
            },
        },
    });
}
