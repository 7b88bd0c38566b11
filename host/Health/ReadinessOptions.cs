namespace Geopera.Clip.Host.Health;

/// <summary><c>Readiness</c> section: how long each check may take before it counts as failing.
/// A load balancer's probe usually gives up after a few seconds, so the defaults stay below that.</summary>
public sealed class ReadinessOptions
{
    public double TimeoutSeconds { get; set; } = 2;

    /// <summary>Per-check overrides by check name, e.g. <c>Readiness:Timeouts:storage = 5</c>.</summary>
    public Dictionary<string, double> Timeouts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan TimeoutFor(string check) =>
        TimeSpan.FromSeconds(Timeouts.TryGetValue(check, out var seconds) ? seconds : TimeoutSeconds);
}
