using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Geopera.Clip.Host.Hosting;

/// <summary>Composition of the service: data platform, storage, raster, Temporal client, API, workers.</summary>
public static class ClipServices
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddClipServices(this IServiceCollection services, IConfiguration configuration)
    {
        var roles = ClipRoles.From(configuration);
        services.AddHealthChecks();
        services.AddTemporalClient(configuration["Temporal:Address"] ?? "127.0.0.1:7233", configuration["Temporal:Namespace"] ?? "default");
        if (roles.Api)
            services.AddClipApi(configuration);
        return services;
    }
}
