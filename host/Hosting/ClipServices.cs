using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.TileInfo;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Host.Health;
using Geopera.Clip.Host.Telemetry;
using Geopera.Clip.Host.Workers;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Hosting;

/// <summary>Composition of the service: data platform (+ migrations at start), storage, raster,
/// Temporal client, the API and the workers its roles ask for.</summary>
public static class ClipServices
{
    public static IServiceCollection AddClipServices(this IServiceCollection services, IConfiguration configuration)
    {
        var roles = ClipRoles.From(configuration);
        // Registered first: hosted services start in order, so the schema is current before any worker polls.
        services.AddHostedService<MigrateOnStart>();
        services.AddClipDataPlatform(configuration);
        services.AddClipStorage(configuration);
        var temporal = TemporalSettings.From(configuration);
        services.AddClipRaster(configuration, temporal.EffectiveMaxConcurrentWarps);
        // Every role reads the database and talks to Temporal (the API starts and queries
        // workflows, the workers poll), and every role uses the object store (the API streams
        // downloads and reads source headers, the main worker deletes a failed job's outputs, the
        // warp worker reads sources and writes outputs), so all three are asked by /readyz whatever
        // the roles. The workers' own check comes with them (AddClipWorkers).
        services.AddReadinessProbe(configuration)
            .AddReadinessCheck<DatabaseReadinessCheck>()
            .AddReadinessCheck<TemporalReadinessCheck>()
            .AddReadinessCheck<StorageReadinessCheck>();
        var connect = ClipTemporalConnection.ConnectOptions(temporal);
        // The SDK runtime's worker and client metrics join the service's own on /metrics.
        connect.Runtime = ClipTemporalRuntime.Instance;
        services.AddSingleton(Options.Create(temporal));
        services.AddClipTemporalClient(connect);
        if (roles.Api || roles.Worker)
            services.AddSearchAttributePreflight();
        if (roles.Api)
        {
            services.AddClipApi(configuration);
            services.AddSingleton<IClipJobGateway, TemporalClipJobGateway>();
            services.AddSingleton<IRasterSummaryReader, GdalRasterSummaryReader>();
            services.AddSingleton<TileInfoCache>();
        }
        services.AddClipWorkers(temporal, roles, connect);
        return services;
    }
}
