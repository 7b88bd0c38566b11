namespace Geopera.Clip.Host.Telemetry;

/// <summary><c>Telemetry</c> section. Metrics are always collected and served at <c>/metrics</c>
/// (Prometheus text format); spans are exported over OTLP only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <see cref="OtlpEndpoint"/>) is set.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>A port of its own for <c>/metrics</c> (the host listens on it too and serves only
    /// the metrics there); null or 0 serves them on the role's own HTTP port.</summary>
    public int? MetricsPort { get; set; }

    /// <summary>Overrides <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; blank means no span export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The service name on every span and on the <c>target_info</c> metric.</summary>
    public string ServiceName { get; set; } = "geopera-clip";

    public static TelemetryOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
            options.OtlpEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        options.OtlpEndpoint = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : options.OtlpEndpoint;
        return options;
    }
}
