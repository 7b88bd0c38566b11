using System.Diagnostics;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Tests.Infrastructure;
using Xunit;

namespace Geopera.Clip.Tests.Storage;

/// <summary>
/// GDAL reads what the GCS store wrote through <see cref="IObjectStore.GdalPath"/> and the
/// settings' GDAL options (with the GDAL CLI, and with the in-process binding the warp uses).
/// </summary>
public sealed class GdalThroughGcsTests
{
    [Fact]
    public void Emulator_endpoint_becomes_gdal_options_at_its_root()
    {
        var options = new StorageSettings(StorageKind.Gcs, ".dev/storage", "http://127.0.0.1:59199/storage/v1/").GdalConfigOptions();
        Assert.Equal("http://127.0.0.1:59199/", options["CPL_GS_ENDPOINT"]);
        Assert.Equal("YES", options["GS_NO_SIGN_REQUEST"]);
        Assert.Empty(new StorageSettings(StorageKind.Gcs, ".dev/storage", null).GdalConfigOptions());
        Assert.Empty(new StorageSettings(StorageKind.Local, ".dev/storage", null).GdalConfigOptions());
    }

    [Fact]
    public async Task Gdal_cli_opens_an_uploaded_geotiff_through_vsigs()
    {
        var ct = TestContext.Current.CancellationToken;
        await WithUploadedGeoTiffAsync(async path =>
        {
            var settings = new StorageSettings(StorageKind.Gcs, ".dev/storage", Environment.GetEnvironmentVariable(GcsObjectStoreTests.EmulatorVariable));
            var info = await Run("gdalinfo", [path], settings.GdalConfigOptions(), ct);
            Assert.NotNull(info);
            Assert.Contains("Size is 64, 48", info);
            Assert.Contains("Band 3", info);
        }, ct);
    }

    /// <summary>The in-process binding — what the warp activity uses — reads gs:// through the
    /// endpoint the process was configured with (the test process configures GDAL as a host with
    /// Storage:GcsBaseUri does; see TestGdalConfiguration).</summary>
    [Fact]
    public async Task In_process_gdal_reads_an_uploaded_geotiff_through_the_configured_endpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        await WithUploadedGeoTiffAsync(path =>
        {
            Assert.Equal(TestGdalConfiguration.EmulatorStorage().GdalConfigOptions()["CPL_GS_ENDPOINT"], GdalRuntime.AppliedOptions["CPL_GS_ENDPOINT"]);
            using var dataset = GdalDataset.Open(path);
            Assert.NotNull(dataset);
            Assert.Equal((64, 48, 3), (dataset.Width, dataset.Height, dataset.BandCount));
            Assert.All(dataset.Read(3, 10, 10, 4, 4), value => Assert.Equal(9, value));
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>Makes a 64 × 48 three-band GeoTIFF of value 9, uploads it through the GCS store and
    /// hands its GDAL path (<c>/vsigs/…</c>) to <paramref name="check"/>.</summary>
    private static async Task WithUploadedGeoTiffAsync(Func<string, Task> check, CancellationToken ct)
    {
        var client = GcsObjectStoreTests.EmulatorClient();
        var folder = Directory.CreateTempSubdirectory("clip-gdal-gcs-");
        try
        {
            var tif = Path.Combine(folder.FullName, "src.tif");
            var created = await Run("gdal_create", ["-of", "GTiff", "-outsize", "64", "48", "-bands", "3", "-burn", "9", "-a_srs", "EPSG:4326", "-a_ullr", "0", "1", "1", "0", tif], new Dictionary<string, string>(), ct);
            if (created is null) Assert.Skip("gdal_create is not installed (apt-get install gdal-bin).");
            var store = new GcsObjectStore(client);
            var key = $"t-{Guid.NewGuid():N}/src.tif";
            await store.PutFileAsync("clip-gdal", key, tif, "image/tiff", ct);
            await check(store.GdalPath("clip-gdal", key));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The tool's standard output, or null when the tool is not installed; throws on failure.</summary>
    private static async Task<string?> Run(string tool, string[] arguments, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await errors}");
            return await output;
        }
    }
}
