using System.Diagnostics;

namespace Geopera.Clip.Activities.Telemetry;

/// <summary>The names under which the service's own metrics and spans are published. Instruments
/// come from a DI <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (one meter per service
/// provider, so two hosts in one process keep their numbers apart); spans from one process-wide
/// source, as span parents cross hosts anyway.</summary>
public static class ClipTelemetry
{
    public const string MeterName = "Geopera.Clip";

    public const string ActivitySourceName = "Geopera.Clip";

    public static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>Bucket bounds in seconds for the service's duration histograms: a metadata call
    /// takes milliseconds, a large warp minutes.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
}
