using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Host.Health;
using Geopera.Clip.Host.Hosting;
using Geopera.Clip.Host.Telemetry;
using Geopera.Clip.Host.Temporal;
using Temporalio.Client;
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
    public static IServiceCollection AddClipWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = TemporalSettings.From(configuration);
        return services.AddClipWorkers(settings, ClipRoles.From(configuration), ClipTemporalConnection.ConnectOptions(settings));
    }

    /// <summary>The same wiring from settings already bound, connecting each worker's client with
    /// <paramref name="connect"/> (the options the API's client uses too).</summary>
    public static IServiceCollection AddClipWorkers(
        this IServiceCollection services, TemporalSettings settings, ClipRoles roles, TemporalClientConnectOptions connect) =>
        services.AddClipWorkers<DataPlatformActivities, StorageActivities, WarpActivities>(settings, roles, connect);

    /// <summary>The same wiring with the activity implementations named by the caller.</summary>
    public static IServiceCollection AddClipWorkers<TDataPlatform, TStorage, TWarp>(
        this IServiceCollection services, TemporalSettings settings, ClipRoles roles, TemporalClientConnectOptions connect)
        where TDataPlatform : class, IDataPlatformActivities
        where TStorage : class, IStorageActivities
        where TWarp : class, IWarpActivities
    {
        if (roles.Worker || roles.WarpWorker)
        {
            services.AddSingleton(provider => new HostedWorkers(provider.GetServices<WorkerQueue>().Select(q => q.Name)));
            services.AddReadinessCheck<WorkersReadinessCheck>();
        }
        if (roles.Worker)
        {
            services.AddWatchedWorker(settings.MainTaskQueue)
                .AddWorkflow<ClipWorkflow>()
                .AddSingletonActivities<TDataPlatform>()
                .AddSingletonActivities<TStorage>()
                .ConfigureOptions().Configure<ILoggerFactory>((o, loggers) =>
                {
                    o.ClientOptions = WithJobContext(connect, loggers);
                    o.GracefulShutdownTimeout = settings.GracefulShutdown;
                });
        }
        if (roles.WarpWorker)
        {
            services.AddWatchedWorker(settings.WarpTaskQueue)
                .AddSingletonActivities<TWarp>()
                .ConfigureOptions().Configure<ILoggerFactory>((o, loggers) =>
                {
                    o.ClientOptions = WithJobContext(connect, loggers);
                    o.MaxConcurrentActivities = settings.EffectiveMaxConcurrentWarps;
                    o.GracefulShutdownTimeout = settings.GracefulShutdown;
                });
        }
        if (roles.Worker || roles.WarpWorker)
            services.Configure<HostOptions>(o => AllowGracefulShutdown(o, settings.GracefulShutdown));
        return services;
    }

    /// <summary>A hosted Temporal worker whose task queue and run <see cref="HostedWorkers"/> knows.</summary>
    private static ITemporalWorkerServiceOptionsBuilder AddWatchedWorker(this IServiceCollection services, string queue)
    {
        var before = services.Count;
        var builder = services.AddHostedTemporalWorker(queue);
        // The hosting package registers the worker as an IHostedService made by a factory (so that
        // several of one type can be hosted); wrap that factory to record what it makes.
        var index = Enumerable.Range(before, services.Count - before)
            .Single(i => services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationFactory is not null);
        var make = services[index].ImplementationFactory!;
        services[index] = ServiceDescriptor.Singleton<IHostedService>(provider =>
            provider.GetRequiredService<HostedWorkers>().Made(queue, (IHostedService)make(provider)));
        services.AddSingleton(new WorkerQueue(queue));
        return builder;
    }

    private sealed record WorkerQueue(string Name);

    /// <summary>The workers' connection, with the interceptor that carries each job's trace and
    /// log scope from the workflow to its activities.</summary>
    private static TemporalClientConnectOptions WithJobContext(TemporalClientConnectOptions connect, ILoggerFactory loggers)
    {
        var options = (TemporalClientConnectOptions)connect.Clone();
        options.Interceptors = [.. options.Interceptors ?? [], new JobContextInterceptor(loggers)];
        return options;
    }

    /// <summary>Time a cancelled activity gets, after the grace period, to clean up (GDAL abort,
    /// scratch files, partial uploads) and report its failure so Temporal retries it at once.</summary>
    public static readonly TimeSpan ShutdownCleanup = TimeSpan.FromSeconds(10);

    // The host gives all hosted services together HostOptions.ShutdownTimeout (30 s by default) and
    // stops them one after another: two workers with a 20 s grace each would leave the second one
    // a few seconds, and a grace above 30 s would be cut short silently. Stopping concurrently
    // with a timeout that covers grace + clean-up lets each worker use the grace it was given.
    private static void AllowGracefulShutdown(HostOptions host, TimeSpan grace)
    {
        host.ServicesStopConcurrently = true;
        if (host.ShutdownTimeout < grace + ShutdownCleanup)
            host.ShutdownTimeout = grace + ShutdownCleanup;
    }
}
