using Xunit;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Storage;

/// <summary>The contract on the local filesystem store, plus what only a filesystem can get wrong.</summary>
public sealed class LocalObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "clip-local-store-" + Guid.NewGuid().ToString("N"));
    private readonly LocalObjectStore _store;

    public LocalObjectStoreTests() => _store = new LocalObjectStore(_root);

    protected override IObjectStore Store => _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gdal_path_is_the_absolute_file_holding_the_bytes()
    {
        await _store.PutStreamAsync(Bucket, Prefix + "x/y.tif", new MemoryStream([9, 8, 7]), "image/tiff", Ct);
        var path = _store.GdalPath(Bucket, Prefix + "x/y.tif");
        Assert.True(Path.IsPathFullyQualified(path));
        Assert.StartsWith(Path.GetFullPath(_root), path);
        Assert.Equal([9, 8, 7], await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task Puts_leave_no_in_flight_files_and_listing_shows_no_metadata()
    {
        for (var i = 0; i < 5; i++)
            await _store.PutStreamAsync(Bucket, Prefix + $"f{i}.tif", new MemoryStream(TestData.Bytes(1000, i)), "image/tiff", Ct);
        Assert.Empty(PartialFiles());
        var listed = await _store.ListAsync(Bucket, "", Ct).Select(o => o.Key).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => Prefix + $"f{i}.tif"), listed);
    }

    [Fact]
    public async Task Failed_and_cancelled_puts_leave_no_in_flight_files()
    {
        await Assert.ThrowsAsync<IOException>(() => _store.PutStreamAsync(Bucket, Prefix + "f.tif", new FailingStream(3_000_000), "image/tiff", Ct));
        using var cts = new CancellationTokenSource();
        var cancelling = new CancelAfterFirstReadStream(TestData.Bytes(4_000_000, 12), cts);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.PutStreamAsync(Bucket, Prefix + "c.tif", cancelling, "image/tiff", cts.Token));
        Assert.Empty(PartialFiles());
        Assert.Empty(await _store.ListAsync(Bucket, Prefix, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_put_removes_in_flight_files_abandoned_by_a_crash_but_not_live_ones()
    {
        await _store.PutStreamAsync(Bucket, Prefix + "a.tif", new MemoryStream([1]), "image/tiff", Ct);
        var folder = Path.GetDirectoryName(_store.GdalPath(Bucket, Prefix + "a.tif"))!;
        var abandoned = Path.Combine(folder, ObjectNames.ReservedSegmentPrefix + "crashed");
        var live = Path.Combine(folder, ObjectNames.ReservedSegmentPrefix + "writing");
        await File.WriteAllBytesAsync(abandoned, [1], Ct);
        await File.WriteAllBytesAsync(live, [1], Ct);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));

        await _store.PutStreamAsync(Bucket, Prefix + "b.tif", new MemoryStream([2]), "image/tiff", Ct);
        Assert.Equal([live], PartialFiles());
        Assert.Equal([Prefix + "a.tif", Prefix + "b.tif"], await _store.ListAsync(Bucket, Prefix, Ct).Select(o => o.Key).ToListAsync(Ct));
    }

    [Fact]
    public async Task Puts_and_deletes_racing_in_one_folder_never_fail()
    {
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var round = 0; round < 100; round++)
            {
                var key = Prefix + $"shared/deeper/w{worker}.tif";
                await _store.PutStreamAsync(Bucket, key, new MemoryStream(TestData.Bytes(2000, round)), "image/tiff", Ct);
                Assert.True(await _store.DeleteAsync(Bucket, key, Ct));
            }
        }, Ct));
        await Task.WhenAll(workers);
        Assert.Empty(await _store.ListAsync(Bucket, "", Ct).ToListAsync(Ct));
        Assert.Empty(PartialFiles());
    }

    [Fact]
    public async Task Metadata_lost_to_a_crash_is_recomputed_from_the_bytes()
    {
        var bytes = TestData.Bytes(50_000, 13);
        await _store.PutStreamAsync(Bucket, Prefix + "m.tif", new MemoryStream(bytes), "image/tiff", Ct);
        // A crash between replacing the data and its record leaves a record of the previous bytes.
        var metadata = Directory.EnumerateFiles(Path.Combine(_root, ".clip-meta"), "m.tif", SearchOption.AllDirectories).Single();
        await File.WriteAllTextAsync(metadata, """{"SizeBytes":3,"LastWriteTicksUtc":1,"ContentType":"image/tiff","Md5Base64":"stale","Crc32cBase64":"stale"}""", Ct);

        var stat = await _store.StatAsync(Bucket, Prefix + "m.tif", Ct);
        Assert.Equal((bytes.LongLength, "image/tiff", TestData.Md5Base64(bytes), Crc32C.ToBase64(Crc32C.Compute(bytes))),
            (stat.SizeBytes, stat.ContentType, stat.Md5Base64, stat.Crc32cBase64));
        File.Delete(metadata);
        Assert.Equal("image/tiff", (await _store.StatAsync(Bucket, Prefix + "m.tif", Ct)).ContentType);
    }

    [Fact]
    public async Task Traversal_keys_create_nothing_outside_the_root()
    {
        var outside = Path.Combine(Path.GetDirectoryName(_root)!, "escape-" + Guid.NewGuid().ToString("N"));
        var key = "../../" + Path.GetFileName(outside);
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutStreamAsync(Bucket, key, new MemoryStream([1]), "text/plain", Ct));
        Assert.False(File.Exists(outside));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(Bucket, key, Ct));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData(".clip-meta")]
    [InlineData("a/b")]
    public void Bucket_names_that_are_not_gcs_names_are_refused(string bucket) =>
        Assert.Throws<ArgumentException>(() => _store.GdalPath(bucket, "k"));

    [Fact]
    public async Task Deleting_the_last_object_of_a_folder_removes_the_empty_folder()
    {
        await _store.PutStreamAsync(Bucket, Prefix + "deep/er/k.tif", new MemoryStream([1]), "image/tiff", Ct);
        Assert.True(await _store.DeleteAsync(Bucket, Prefix + "deep/er/k.tif", Ct));
        Assert.False(Directory.Exists(Path.Combine(_root, Bucket, Prefix.TrimEnd('/'))));
        await _store.PutStreamAsync(Bucket, Prefix + "deep/er/k.tif", new MemoryStream([2]), "image/tiff", Ct);
        Assert.Equal([2], await File.ReadAllBytesAsync(_store.GdalPath(Bucket, Prefix + "deep/er/k.tif"), Ct));
    }

    private IEnumerable<string> PartialFiles() =>
        Directory.EnumerateFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => Path.GetFileName(p).StartsWith(ObjectNames.ReservedSegmentPrefix, StringComparison.Ordinal));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
