using Geopera.Clip.Activities.Telemetry;
using Geopera.Clip.Host.Api.Egress;
using Geopera.Clip.Host.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Geopera.Clip.Host.Telemetry;

/// <summary>
/// OpenTelemetry for every role: metrics from ASP.NET Core (<c>http.server.request.duration</c>),
/// outgoing HTTP, Npgsql, the .NET runtime, the Temporal SDK runtime and the service's own meter,
/// pulled by Prometheus from <c>/metrics</c>; spans from ASP.NET Core, outgoing HTTP (GCS calls
/// included), Npgsql and the service's own source (warps and their GDAL phases, Temporal
/// activities). Spans always exist so every log line and problem carries a trace id; they leave
/// the process only through a batching OTLP exporter, off the request path, when an endpoint is set.
/// </summary>
public static class TelemetryServices
{
    private static readonly string[] Unsampled = ["/metrics", "/healthz", "/readyz"];

    public static IServiceCollection AddClipTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = TelemetryOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton<AdmissionMetrics>();
        services.AddSingleton<EgressMetrics>();
        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName));
        otel.WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddNpgsqlInstrumentation()
            .AddMeter(ClipTelemetry.MeterName, ClipTemporalRuntime.MeterName, "System.Runtime")
            // Temporal reports durations in seconds; the SDK's default buckets are for milliseconds.
            .AddView(instrument => instrument.Meter.Name == ClipTemporalRuntime.MeterName && instrument.Unit == "s"
                ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. ClipTelemetry.DurationBuckets] }
                : null)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        otel.WithTracing(tracing =>
        {
            tracing
                .AddSource(ClipTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !Unsampled.Contains(http.Request.Path.Value))
                .AddHttpClientInstrumentation()
                .AddNpgsql();
            if (options.OtlpEndpoint is { } endpoint)
                tracing.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
        });
        return services;
    }

    /// <summary>Maps <c>/metrics</c>: on the role's port, or only on <see cref="TelemetryOptions.MetricsPort"/>.</summary>
    public static void MapClipMetrics(this WebApplication app, ClipRoles roles)
    {
        // Gauges belong to the objects they observe, which DI would otherwise build on first use:
        // build them now so a scrape shows the circuit and the free slots before the first download or warp.
        if (roles.Api)
            app.Services.GetRequiredService<GuardedStorage>();
        if (roles.WarpWorker)
            app.Services.GetRequiredService<WarpMetrics>();
        var port = app.Services.GetRequiredService<TelemetryOptions>().MetricsPort;
        var endpoint = app.MapPrometheusScrapingEndpoint();
        if (port is > 0)
            endpoint.RequireHost($"*:{port}");
    }

    /// <summary>Adds the metrics port to the addresses the host listens on (<c>urls</c>, else
    /// Kestrel's default), so the role's own port keeps working beside it.</summary>
    public static void ListenForMetrics(this WebApplicationBuilder builder)
    {
        if (TelemetryOptions.From(builder.Configuration).MetricsPort is not (> 0 and var port))
            return;
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured ? configured : DefaultUrls;
        builder.WebHost.UseUrls($"{urls};http://*:{port}");
    }

    private const string DefaultUrls = "http://localhost:5000";
}
