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
            return TemporalClient.CreateLazy(options);
        });
}
