using System.Runtime.CompilerServices;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Infrastructure;

/// <summary>
/// GDAL's configuration is global to a process and only its first initialisation applies. Tests run
/// classes in parallel, so without this whichever test host happened to start first would decide for
/// all of them. The test process configures GDAL once, before any test, with everything any test
/// needs: the product's defaults plus, when the suite runs beside the GCS emulator, its endpoint for
/// <c>/vsigs/</c> (as a host configured with <c>Storage:GcsBaseUri</c> would).
/// </summary>
internal static class TestGdalConfiguration
{
    [ModuleInitializer]
    internal static void ConfigureOnce() =>
        GdalRuntime.Initialize(new GdalSettings { Extra = EmulatorStorage().GdalConfigOptions() });

    public static StorageSettings EmulatorStorage() =>
        new(StorageKind.Gcs, ".dev/storage", Environment.GetEnvironmentVariable(Storage.GcsObjectStoreTests.EmulatorVariable));
}
