using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.TileInfo;
using Geopera.Clip.Host.Workers;

namespace Geopera.Clip.Host.Hosting;

/// <summary>Composition of the service: data platform (+ migrations at start), storage, raster,
/// Temporal client, the API and the workers its roles ask for.</summary>
public static class ClipServices
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddClipServices(this IServiceCollection services, IConfiguration configuration)
    {
        var roles = ClipRoles.From(configuration);
        // Registered first: hosted services start in order, so the schema is current before any worker polls.
        services.AddHostedService<MigrateOnStart>();
        services.AddClipDataPlatform(configuration);
        services.AddClipStorage(configuration);
        services.AddClipRaster(configuration);
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        services.AddTemporalClient(configuration["Temporal:Address"] ?? "127.0.0.1:7233", configuration["Temporal:Namespace"] ?? "default");
        if (roles.Api)
        {
            services.AddClipApi(configuration);
            services.AddOptions<TemporalGatewayOptions>().Bind(configuration.GetSection("Temporal"));
            services.AddSingleton<IClipJobGateway, TemporalClipJobGateway>();
            services.AddSingleton<IRasterSummaryReader, GdalRasterSummaryReader>();
            services.AddSingleton<TileInfoCache>();
        }
        services.AddClipWorkers(configuration);
        return services;
    }
}
