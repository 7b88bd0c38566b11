using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Activities;
using Temporalio.Extensions.Hosting;

namespace Geopera.Clip.Host.Workers;

/// <summary>Hosted Temporal workers of the clip service (Temporalio.Extensions.Hosting).</summary>
public static class ClipWorkerServiceCollectionExtensions
{
    /// <summary>
    /// The main-queue worker (ClipWorkflow, data-platform activities, output clean-up) when
    /// <c>Roles:Worker</c>, and the warp-queue worker (the warp activity, bounded by
    /// <c>Temporal:MaxConcurrentWarps</c>) when <c>Roles:WarpWorker</c>. The activities' own
    /// dependencies (AddClipDataPlatform, AddClipRaster, an IObjectStore) are registered by the
    /// host's composition.
    /// </summary>
    public static IServiceCollection AddClipWorkers(this IServiceCollection services, IConfiguration configuration) =>
        services.AddClipWorkers<DataPlatformActivities, StorageActivities, WarpActivities>(configuration);

    /// <summary>The same wiring with the activity implementations named by the caller.</summary>
    public static IServiceCollection AddClipWorkers<TDataPlatform, TStorage, TWarp>(this IServiceCollection services, IConfiguration configuration)
        where TDataPlatform : class, IDataPlatformActivities
        where TStorage : class, IStorageActivities
        where TWarp : class, IWarpActivities
    {
        var settings = ClipWorkerSettings.From(configuration);
        if (settings.Worker)
        {
            services.AddHostedTemporalWorker(settings.Address, settings.Namespace, settings.MainTaskQueue)
                .AddWorkflow<ClipWorkflow>()
                .AddSingletonActivities<TDataPlatform>()
                .AddSingletonActivities<TStorage>()
                .ConfigureOptions(o => o.GracefulShutdownTimeout = ClipWorkerSettings.GracefulShutdown);
        }
        if (settings.WarpWorker)
        {
            services.AddHostedTemporalWorker(settings.Address, settings.Namespace, settings.WarpTaskQueue)
                .AddSingletonActivities<TWarp>()
                .ConfigureOptions(o =>
                {
                    o.MaxConcurrentActivities = settings.EffectiveMaxConcurrentWarps;
                    o.GracefulShutdownTimeout = ClipWorkerSettings.GracefulShutdown;
                });
        }
        return services;
    }
}
