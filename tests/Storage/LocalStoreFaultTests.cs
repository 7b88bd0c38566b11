using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Tests.Infrastructure;
using Xunit;

namespace Geopera.Clip.Tests.Storage;

/// <summary>The local store under real faults: its root gone (an unmounted volume) and a full disk
/// (a 64 KiB tmpfs as the root). Faults are outages (retryable), never "not found", and a failed
/// put leaves nothing behind.</summary>
public sealed class LocalStoreFaultTests : IDisposable
{
    private const string Bucket = "clip-outputs";
    private readonly string _root = Directory.CreateTempSubdirectory("clip-store-fault-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_root_or_bucket_folder_is_an_outage_and_a_missing_file_under_it_not_found()
    {
        var store = new LocalObjectStore(_root);
        await store.PutStreamAsync(Bucket, "clips/a.tif", new MemoryStream([1, 2, 3]), "image/tiff", Ct);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.StatAsync(Bucket, "clips/gone.tif", Ct));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync(Bucket, "clips/gone.tif", null, Ct));

        Directory.Move(_root, _root + "-away");
        try
        {
            var stat = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.StatAsync(Bucket, "clips/a.tif", Ct));
            Assert.Equal(StorageFaultScope.Bucket, stat.Scope);
            Assert.Contains("Storage:LocalRoot", stat.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<StorageUnavailableException>(() => store.OpenReadAsync(Bucket, "clips/a.tif", null, Ct));
        }
        finally
        {
            Directory.Move(_root + "-away", _root);
        }
        Assert.Equal(3, (await store.StatAsync(Bucket, "clips/a.tif", Ct)).SizeBytes);
    }

    [Fact]
    public async Task A_put_on_a_full_disk_fails_as_an_outage_and_leaves_no_file_behind()
    {
        await using (await Tmpfs.MountAsync(_root, "64k"))
        {
            var store = new LocalObjectStore(_root);
            await store.PutStreamAsync(Bucket, "clips/small.tif", new MemoryStream(new byte[1000]), "image/tiff", Ct);
            var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
                store.PutStreamAsync(Bucket, "clips/big.tif", new MemoryStream(new byte[256 * 1024]), "image/tiff", Ct));
            Assert.Contains("nothing was stored", failure.Message, StringComparison.Ordinal);
            Assert.IsType<IOException>(failure.InnerException, exactMatch: false);
            var files = Directory.EnumerateFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(p => Path.GetRelativePath(_root, p)).Order().ToArray();
            Assert.Equal([Path.Combine(".clip-meta", Bucket, "clips", "small.tif"), Path.Combine(Bucket, "clips", "small.tif")], files);
            await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.StatAsync(Bucket, "clips/big.tif", Ct));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
