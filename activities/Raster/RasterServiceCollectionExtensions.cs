using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.Raster.Admission;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Activities.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Activities.Raster;

/// <summary>Registers the clip engine. The host adds <see cref="WarpActivities"/> to its warp worker.</summary>
public static class RasterServiceCollectionExtensions
{
    /// <param name="services">The container to add the engine to.</param>
    /// <param name="configuration">Configuration holding the <c>Raster</c> section.</param>
    /// <param name="concurrentWarps">Warps this process runs at once: the warp worker's activity
    /// slots (<c>Temporal:MaxConcurrentWarps</c>), so a warp the worker accepted never waits long for
    /// a local slot. One setting decides both.</param>
    public static IServiceCollection AddClipRaster(this IServiceCollection services, IConfiguration configuration, int concurrentWarps)
    {
        if (configuration[$"{RasterOptions.Section}:MaxConcurrentWarps"] is not null)
        {
            throw new InvalidOperationException(
                "Raster:MaxConcurrentWarps is no longer read: set Temporal:MaxConcurrentWarps, which bounds both the warp worker and the warps of this process.");
        }
        services.Configure<RasterOptions>(configuration.GetSection(RasterOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<GdalStartup>();
        services.AddSingleton(sp =>
        {
            GdalStartup.Initialize(sp);
            return new RasterClipper(sp.GetRequiredService<ILogger<RasterClipper>>());
        });
        services.AddSingleton(sp => new SourcePathResolver(sp.GetService<IObjectStore>(), sp.GetRequiredService<IOptions<RasterOptions>>().Value.AllowedLocalRoots));
        services.AddSingleton(sp => new SourceVersions(sp.GetService<IObjectStore>(), new HttpClient { Timeout = TimeSpan.FromSeconds(10) }));
        services.AddSingleton<RasterHeaders>();
        // Admission reads each asset's header through the warp's own pre-checks (replaces the data platform's no-op).
        services.Replace(ServiceDescriptor.Singleton<IAssetAdmissionCheck>(sp =>
        {
            GdalStartup.Initialize(sp);
            return ActivatorUtilities.CreateInstance<RasterAdmissionCheck>(sp);
        }));
        services.AddSingleton(new WarpSlots(concurrentWarps));
        services.AddMetrics();
        services.AddSingleton<WarpMetrics>();
        services.AddSingleton<WarpActivities>();
        return services;
    }

    /// <summary>Initialises GDAL when the host starts, so the first warp pays no set-up and a
    /// missing libgdal fails the start rather than the first job.</summary>
    private sealed class GdalStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Initialize(services);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public static void Initialize(IServiceProvider services)
        {
            var options = services.GetRequiredService<IOptions<RasterOptions>>().Value;
            GdalRuntime.Initialize(new GdalSettings
            {
                CacheMaxMb = options.CacheMaxMb,
                NativeHeapKeepMb = options.NativeHeapKeepMb,
                GcsEndpoint = options.GcsEndpoint,
                GcsNoSignRequest = options.GcsNoSignRequest,
                // /vsigs/ reaches the store the service writes to (Storage:GcsBaseUri) unless
                // Raster:GcsEndpoint names another endpoint for sources.
                Extra = options.GcsEndpoint is null
                    ? services.GetService<StorageSettings>()?.GdalConfigOptions() ?? new Dictionary<string, string>()
                    : new Dictionary<string, string>(),
            }, services.GetRequiredService<ILoggerFactory>().CreateLogger("Geopera.Clip.Gdal"));
        }
    }
}
