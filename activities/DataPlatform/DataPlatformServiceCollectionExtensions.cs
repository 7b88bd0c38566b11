using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Activities.DataPlatform.Jobs;
using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform;

public static class DataPlatformServiceCollectionExtensions
{
    /// <summary>Registers the data platform against the database of <see cref="ClipConnectionString"/>,
    /// with <see cref="DataPlatformOptions"/> (refused when <see cref="DataPlatformOptions.Problem"/> says so) and <see cref="AssetHrefPolicyOptions"/> bound from configuration.</summary>
    public static IServiceCollection AddClipDataPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DataPlatformOptions.Section);
        // Refused at composition, like the Temporal settings: a bad cap must stop the start, not a create.
        var options = section.Get<DataPlatformOptions>() ?? new DataPlatformOptions();
        if (options.Problem() is { } problem)
            throw new InvalidOperationException(problem);
        services.Configure<DataPlatformOptions>(section);
        services.Configure<AssetHrefPolicyOptions>(configuration.GetSection(AssetHrefPolicyOptions.Section));
        return services.AddClipDataPlatform(ClipConnectionString.From(configuration), options.DatabaseTimeoutSeconds);
    }

    /// <summary>Registers the data platform against <paramref name="connectionString"/> (options keep
    /// their defaults unless configured elsewhere), every database call bounded by
    /// <paramref name="timeoutSeconds"/>.</summary>
    public static IServiceCollection AddClipDataPlatform(this IServiceCollection services, string connectionString,
        double timeoutSeconds = DatabaseTimeouts.DefaultSeconds)
    {
        connectionString = DatabaseTimeouts.Apply(connectionString, timeoutSeconds);
        services.AddOptions<DataPlatformOptions>();
        services.AddOptions<AssetHrefPolicyOptions>();
        // Named pools: Npgsql labels its metrics with the name, else with the connection string (host,
        // port, user, database), which an operator's dashboards should not carry.
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "clip" }.Build());
        services.AddSingleton(_ => ReservationDataSource.Create(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseDeadline>();
        services.AddSingleton<IApiKeyStore>(sp => new DeadlineApiKeyStore(ActivatorUtilities.CreateInstance<PostgresApiKeyStore>(sp), sp.GetRequiredService<DatabaseDeadline>()));
        services.AddSingleton<IJobStore>(sp => new DeadlineJobStore(ActivatorUtilities.CreateInstance<PostgresJobStore>(sp), sp.GetRequiredService<DatabaseDeadline>()));
        services.AddSingleton<IIdempotencyStore>(sp => new DeadlineIdempotencyStore(ActivatorUtilities.CreateInstance<PostgresIdempotencyStore>(sp), sp.GetRequiredService<DatabaseDeadline>()));
        services.AddSingleton<IJobAoiSource, PostgresJobAoiSource>();
        services.AddSingleton<AssetHrefPolicy>();
        services.TryAddSingleton<IAssetAdmissionCheck, NoAssetAdmissionCheck>();
        services.AddSingleton<AssetResolver>();
        services.AddMetrics();
        services.AddSingleton<CreditMetrics>();
        services.AddSingleton<CreditLedger>();
        services.AddSingleton<JobLifecycle>();
        services.AddSingleton<DataPlatformActivities>();
        return services;
    }
}
