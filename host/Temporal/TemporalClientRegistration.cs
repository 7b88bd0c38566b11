using Geopera.Clip.Host.Health;
using Geopera.Clip.Host.Telemetry;
using Temporalio.Client;

namespace Geopera.Clip.Host.Temporal;

/// <summary>The API's <see cref="ITemporalClient"/>: lazy (it connects on its first call, so the
/// API starts while Temporal is down) and logging through the host's loggers.</summary>
public static class TemporalClientRegistration
{
    public static IServiceCollection AddClipTemporalClient(this IServiceCollection services, TemporalClientConnectOptions connect) =>
        services.AddSingleton<ITemporalClient>(provider =>
        {
            var options = (TemporalClientConnectOptions)connect.Clone();
            options.LoggerFactory ??= provider.GetRequiredService<ILoggerFactory>();
            // Starts carry the create's trace context and the job's ids to the workflow's activities.
            options.Interceptors = [.. options.Interceptors ?? [], new JobContextInterceptor(options.LoggerFactory)];
            return TemporalClient.CreateLazy(options);
        });

    /// <summary>The start-up check of the namespace's search attributes (roles that start or run
    /// workflows), and its /readyz entry.</summary>
    public static IServiceCollection AddSearchAttributePreflight(this IServiceCollection services)
    {
        services.AddSingleton<INamespaceSearchAttributes, TemporalNamespaceSearchAttributes>();
        services.AddSingleton<SearchAttributePreflight>();
        services.AddHostedService(provider => provider.GetRequiredService<SearchAttributePreflight>());
        services.AddReadinessCheck<SearchAttributesReadyCheck>();
        return services;
    }
}
