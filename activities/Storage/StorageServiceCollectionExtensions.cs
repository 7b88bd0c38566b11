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
    /// (relative to the content root, or absolute), <c>Storage:GcsBaseUri</c> (set: an emulator or
    /// custom endpoint without credentials; unset: Google with Application Default Credentials) and
    /// <c>Storage:Buckets</c> (the buckets the readiness probe checks).
    /// </summary>
    public static IServiceCollection AddClipStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = StorageSettings.From(configuration.GetSection("Storage"));
        services.AddSingleton(settings);
        // One Cloud Storage client for the store and its readiness probe (made on first use, so a
        // local deployment never looks for Google credentials).
        var gcsClient = new Lazy<StorageClient>(() => CreateGcsClient(settings));
        services.AddSingleton<IObjectStore>(sp => settings.Kind switch
        {
            StorageKind.Local => new LocalObjectStore(settings.ResolveLocalRoot(sp.GetService<IHostEnvironment>()?.ContentRootPath)),
            _ => new GcsObjectStore(gcsClient.Value, sp.GetService<ILogger<GcsObjectStore>>()),
        });
        services.AddSingleton<IObjectStoreProbe>(sp => settings.Kind switch
        {
            StorageKind.Local => new LocalStoreProbe(settings.ResolveLocalRoot(sp.GetService<IHostEnvironment>()?.ContentRootPath), settings.CheckedBuckets),
            _ => new GcsBucketProbe(gcsClient.Value, settings.CheckedBuckets),
        });
        services.AddSingleton<StorageActivities>();
        return services;
    }

    private static StorageClient CreateGcsClient(StorageSettings settings) =>
        settings.GcsBaseUri is { } baseUri
            ? new StorageClientBuilder { BaseUri = baseUri, UnauthenticatedAccess = true }.Build()
            : StorageClient.Create();
}
