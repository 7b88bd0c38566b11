using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geopera.Clip.Activities.Storage;

/// <summary>Registers the configured object store (a singleton) and the storage activities.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Reads <c>Storage:Kind</c> (<c>local</c>, the default, or <c>gcs</c>), <c>Storage:LocalRoot</c>
    /// (relative to the content root, or absolute) and <c>Storage:GcsBaseUri</c> (set: an emulator or
    /// custom endpoint without credentials; unset: Google with Application Default Credentials).
    /// </summary>
    public static IServiceCollection AddClipStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = StorageSettings.From(configuration.GetSection("Storage"));
        services.AddSingleton(settings);
        services.AddSingleton<IObjectStore>(sp => settings.Kind switch
        {
            StorageKind.Local => new LocalObjectStore(settings.ResolveLocalRoot(sp.GetService<IHostEnvironment>()?.ContentRootPath)),
            _ => new GcsObjectStore(CreateGcsClient(settings), sp.GetService<ILogger<GcsObjectStore>>()),
        });
        services.AddSingleton<StorageActivities>();
        return services;
    }

    private static StorageClient CreateGcsClient(StorageSettings settings) =>
        settings.GcsBaseUri is { } baseUri
            ? new StorageClientBuilder { BaseUri = baseUri, UnauthenticatedAccess = true }.Build()
            : StorageClient.Create();
}
