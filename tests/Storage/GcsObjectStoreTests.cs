using Xunit;
using Geopera.Clip.Activities.Storage;
using Google.Cloud.Storage.V1;

namespace Geopera.Clip.Tests.Storage;

/// <summary>
/// The contract against Google's Cloud Storage emulator (tests/gcs-emulator, started by
/// `./clip test`), through the real Google client. Skipped, with the reason, when it is not running.
/// </summary>
public sealed class GcsObjectStoreTests : ObjectStoreContract
{
    public const string EmulatorVariable = "CLIP_TEST_GCS_EMULATOR";

    /// <summary>A client of the emulator, or a skip saying how to start one.</summary>
    public static StorageClient EmulatorClient()
    {
        var baseUri = Environment.GetEnvironmentVariable(EmulatorVariable);
        if (string.IsNullOrWhiteSpace(baseUri))
            Assert.Skip($"{EmulatorVariable} is not set: run `./clip test` (it starts tests/gcs-emulator when its node_modules exist: cd tests/gcs-emulator && npm ci), or start `node tests/gcs-emulator/server.js PORT` and export {EmulatorVariable}=http://127.0.0.1:PORT/storage/v1/.");
        return new StorageClientBuilder { BaseUri = baseUri, UnauthenticatedAccess = true }.Build();
    }

    protected override IObjectStore Store => field ??= new GcsObjectStore(EmulatorClient(), uploadChunkBytes: 2 * 1024 * 1024);

    [Fact]
    public void Gdal_path_goes_through_vsigs() =>
        Assert.Equal("/vsigs/clip-outputs/clips/j/a_rgb.tif", new GcsObjectStore(new StorageClientBuilder { UnauthenticatedAccess = true }.Build()).GdalPath("clip-outputs", "clips/j/a_rgb.tif"));

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public void Chunk_sizes_the_protocol_refuses_are_refused_up_front(int chunkBytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GcsObjectStore(new StorageClientBuilder { UnauthenticatedAccess = true }.Build(), uploadChunkBytes: chunkBytes));

    [Fact]
    public async Task Upload_with_the_default_chunk_size_round_trips()
    {
        var store = new GcsObjectStore(EmulatorClient());
        var bytes = TestData.Bytes(GcsObjectStore.DefaultUploadChunkBytes * 2 + 12345, 21);
        var info = await store.PutStreamAsync(Bucket, Prefix + "default-chunks.tif", new MemoryStream(bytes), "image/tiff", TestContext.Current.CancellationToken);
        Assert.Equal((bytes.LongLength, TestData.Md5Base64(bytes)), (info.SizeBytes, info.Md5Base64));
    }

    [Fact]
    public async Task Unreachable_server_is_a_retryable_fault()
    {
        var dead = new StorageClientBuilder { BaseUri = "http://127.0.0.1:9/storage/v1/", UnauthenticatedAccess = true }.Build();
        var store = new GcsObjectStore(dead);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.StatAsync("clip-outputs", "k", TestContext.Current.CancellationToken));
    }
}
