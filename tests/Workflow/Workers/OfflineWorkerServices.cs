using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Host.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Geopera.Clip.Tests.Workflow.Workers;

/// <summary>The service's worker wiring with every dependency of the activities registered but
/// nothing connected: a local store in <c>storeRoot</c> and a database that is never reached.</summary>
internal static class OfflineWorkerServices
{
    public static ServiceProvider Build(string storeRoot, Dictionary<string, string?> settings, (string Key, string? Value)[] overrides)
    {
        foreach (var (key, value) in overrides)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IObjectStore>(new LocalObjectStore(storeRoot));
        services.AddClipDataPlatform("Host=127.0.0.1;Port=1;Database=never_connected");
        services.AddClipRaster(configuration, TemporalSettings.From(configuration).EffectiveMaxConcurrentWarps);
        services.AddClipWorkers(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
