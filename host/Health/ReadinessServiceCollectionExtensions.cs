using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Geopera.Clip.Host.Health;

/// <summary>Registration of the readiness probe and its checks.</summary>
public static class ReadinessServiceCollectionExtensions
{
    public static IServiceCollection AddReadinessProbe(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReadinessOptions>().Bind(configuration.GetSection("Readiness"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReadinessProbe>();
        return services;
    }

    /// <summary>Adds a check to <c>/readyz</c> (once per type); call it only for roles that need the dependency.</summary>
    public static IServiceCollection AddReadinessCheck<T>(this IServiceCollection services) where T : class, IReadinessCheck
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, T>());
        return services;
    }
}
