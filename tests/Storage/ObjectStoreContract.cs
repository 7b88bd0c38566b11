using Xunit;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Storage;

/// <summary>
/// Behaviour every <see cref="IObjectStore"/> must have; each store's test class derives from this.
/// Every test writes under its own random prefix, so runs against a shared emulator never collide.
/// </summary>
public abstract class ObjectStoreContract
{
    protected const string Bucket = "clip-contract";
    protected readonly string Prefix = $"t-{Guid.NewGuid():N}/";

    /// <summary>The store under test; skips the test (with the reason) when it cannot be reached.</summary>
    protected abstract IObjectStore Store { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_file_round_trips_bytes_size_and_checksums()
    {
        var bytes = TestData.Bytes(300_000, 1);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, bytes, Ct);
            var info = await Store.PutFileAsync(Bucket, Prefix + "a.tif", file, "image/tiff", Ct);
            Assert.Equal(bytes.Length, info.SizeBytes);
            Assert.Equal(TestData.Md5Base64(bytes), info.Md5Base64);
            Assert.Equal(Crc32C.ToBase64(Crc32C.Compute(bytes)), info.Crc32cBase64);
            await using var read = await Store.OpenReadAsync(Bucket, Prefix + "a.tif", null, Ct);
            Assert.Equal(bytes, await TestData.ReadAllAsync(read));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Put_forward_only_stream_records_content_type_and_checksums()
    {
        var bytes = TestData.Bytes(70_001, 2);
        await Store.PutStreamAsync(Bucket, Prefix + "q.png", new ForwardOnlyStream(new MemoryStream(bytes)), "image/png", Ct);
        var stat = await Store.StatAsync(Bucket, Prefix + "q.png", Ct);
        Assert.Equal(new object?[] { Bucket, Prefix + "q.png", (long)bytes.Length, "image/png", TestData.Md5Base64(bytes), Crc32C.ToBase64(Crc32C.Compute(bytes)) },
            new object?[] { stat.Bucket, stat.Key, stat.SizeBytes, stat.ContentType, stat.Md5Base64, stat.Crc32cBase64 });
        Assert.NotNull(stat.Updated);
    }

    [Fact]
    public async Task Overwrite_replaces_bytes_and_metadata()
    {
        var key = Prefix + "same.tif";
        await Store.PutStreamAsync(Bucket, key, new MemoryStream(TestData.Bytes(5000, 3)), "image/tiff", Ct);
        var second = TestData.Bytes(1234, 4);
        await Store.PutStreamAsync(Bucket, key, new MemoryStream(second), "application/octet-stream", Ct);
        var stat = await Store.StatAsync(Bucket, key, Ct);
        Assert.Equal((1234L, "application/octet-stream", TestData.Md5Base64(second)), (stat.SizeBytes, stat.ContentType, stat.Md5Base64));
        await using var read = await Store.OpenReadAsync(Bucket, key, null, Ct);
        Assert.Equal(second, await TestData.ReadAllAsync(read));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(99_999, 99_999)]
    [InlineData(4_096, 70_000)]
    [InlineData(0, 99_999)]
    public async Task Ranged_read_returns_exactly_the_range(long from, long to)
    {
        var bytes = TestData.Bytes(100_000, 5);
        await Store.PutStreamAsync(Bucket, Prefix + "r.bin", new MemoryStream(bytes), "application/octet-stream", Ct);
        await using var read = await Store.OpenReadAsync(Bucket, Prefix + "r.bin", new ByteRange(from, to), Ct);
        Assert.Equal(bytes[(int)from..(int)(to + 1)], await TestData.ReadAllAsync(read));
    }

    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(99_000, 100_000)]
    [InlineData(10, 9)]
    [InlineData(-1, 5)]
    public async Task Range_outside_the_object_is_refused_before_reading(long from, long to)
    {
        await Store.PutStreamAsync(Bucket, Prefix + "r.bin", new MemoryStream(TestData.Bytes(100_000, 6)), "application/octet-stream", Ct);
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OpenReadAsync(Bucket, Prefix + "r.bin", new ByteRange(from, to), Ct));
        Assert.Contains($"{from}-{to}", error.Message);
    }

    [Fact]
    public async Task Missing_object_is_typed_not_found_for_stat_and_read()
    {
        // Under a bucket that exists: a missing bucket is an outage, not a missing object.
        await Store.PutStreamAsync(Bucket, Prefix + "present", new MemoryStream([1]), "application/octet-stream", Ct);
        var stat = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.StatAsync(Bucket, Prefix + "nope", Ct));
        Assert.Equal((Bucket, Prefix + "nope"), (stat.Bucket, stat.Key));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(Bucket, Prefix + "nope", null, Ct));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(Bucket, Prefix + "nope", new ByteRange(0, 1), Ct));
    }

    [Fact]
    public async Task Delete_reports_whether_the_object_existed()
    {
        await Store.PutStreamAsync(Bucket, Prefix + "d.bin", new MemoryStream([1, 2, 3]), "application/octet-stream", Ct);
        Assert.True(await Store.DeleteAsync(Bucket, Prefix + "d.bin", Ct));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.StatAsync(Bucket, Prefix + "d.bin", Ct));
        Assert.False(await Store.DeleteAsync(Bucket, Prefix + "d.bin", Ct));
        Assert.False(await Store.DeleteAsync(Bucket, Prefix + "never-existed", Ct));
    }

    [Fact]
    public async Task List_returns_everything_under_the_prefix_sorted_and_nothing_beside_it()
    {
        string[] keys = ["job/b.tif", "job/a.tif", "job/sub/c.png", "job-2/x.tif", "jobs/y.tif", "other/z.tif"];
        foreach (var key in keys)
            await Store.PutStreamAsync(Bucket, Prefix + key, new MemoryStream(TestData.Bytes(10 + key.Length, key.Length)), "image/tiff", Ct);

        Assert.Equal(["job/a.tif", "job/b.tif", "job/sub/c.png"], await ListKeys("job/"));
        Assert.Equal(["job-2/x.tif", "job/a.tif", "job/b.tif", "job/sub/c.png", "jobs/y.tif"], await ListKeys("job"));
        Assert.Empty(await ListKeys("nothing/"));
        var listed = await Store.ListAsync(Bucket, Prefix + "job/a", Ct).SingleAsync(Ct);
        Assert.Equal((Prefix + "job/a.tif", 10L + "job/a.tif".Length), (listed.Key, listed.SizeBytes));
        Assert.NotNull(listed.Md5Base64);
    }

    [Fact]
    public async Task Upload_larger_than_one_resumable_chunk_round_trips()
    {
        var bytes = TestData.Bytes(10 * 1024 * 1024 + 777_777, 7);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, bytes, Ct);
            var info = await Store.PutFileAsync(Bucket, Prefix + "big.tif", file, "image/tiff", Ct);
            Assert.Equal((bytes.LongLength, TestData.Md5Base64(bytes)), (info.SizeBytes, info.Md5Base64));
            await using var read = await Store.OpenReadAsync(Bucket, Prefix + "big.tif", null, Ct);
            Assert.Equal(TestData.Md5Base64(bytes), TestData.Md5Base64(await TestData.ReadAllAsync(read)));
            await using var tail = await Store.OpenReadAsync(Bucket, Prefix + "big.tif", new ByteRange(bytes.Length - 1000, bytes.Length - 1), Ct);
            Assert.Equal(bytes[^1000..], await TestData.ReadAllAsync(tail));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_reader_that_stops_early_releases_the_object()
    {
        var bytes = TestData.Bytes(6 * 1024 * 1024, 8);
        await Store.PutStreamAsync(Bucket, Prefix + "early.tif", new MemoryStream(bytes), "image/tiff", Ct);
        var head = new byte[1000];
        await using (var read = await Store.OpenReadAsync(Bucket, Prefix + "early.tif", null, Ct))
            await read.ReadExactlyAsync(head, Ct);
        Assert.Equal(bytes[..1000], head);
        Assert.True(await Store.DeleteAsync(Bucket, Prefix + "early.tif", Ct));
    }

    [Fact]
    public async Task Concurrent_puts_of_one_key_leave_one_complete_object()
    {
        var versions = Enumerable.Range(0, 6).Select(i => TestData.Bytes(200_000 + i * 50_000, 100 + i)).ToArray();
        await Task.WhenAll(versions.Select(v => Task.Run(() =>
            Store.PutStreamAsync(Bucket, Prefix + "race.tif", new MemoryStream(v), "image/tiff", Ct), Ct)));

        await using var read = await Store.OpenReadAsync(Bucket, Prefix + "race.tif", null, Ct);
        var final = await TestData.ReadAllAsync(read);
        Assert.Contains(versions, v => v.AsSpan().SequenceEqual(final));
        var stat = await Store.StatAsync(Bucket, Prefix + "race.tif", Ct);
        Assert.Equal((final.LongLength, TestData.Md5Base64(final)), (stat.SizeBytes, stat.Md5Base64));
        Assert.Single(await ListKeys("race"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a\\b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a/../../b")]
    [InlineData("nul\0byte")]
    public async Task Keys_that_could_escape_the_bucket_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutStreamAsync(Bucket, key, new MemoryStream([1]), "text/plain", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.StatAsync(Bucket, key, Ct));
        Assert.Throws<ArgumentException>(() => Store.GdalPath(Bucket, key));
    }

    [Fact]
    public async Task Put_interrupted_mid_stream_leaves_no_object_and_keeps_the_previous_one()
    {
        await Assert.ThrowsAsync<IOException>(() => Store.PutStreamAsync(Bucket, Prefix + "new.tif", new FailingStream(3_000_000), "image/tiff", Ct));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.StatAsync(Bucket, Prefix + "new.tif", Ct));

        var old = TestData.Bytes(4096, 11);
        await Store.PutStreamAsync(Bucket, Prefix + "old.tif", new MemoryStream(old), "image/tiff", Ct);
        await Assert.ThrowsAsync<IOException>(() => Store.PutStreamAsync(Bucket, Prefix + "old.tif", new FailingStream(2_500_000), "image/tiff", Ct));
        await using (var read = await Store.OpenReadAsync(Bucket, Prefix + "old.tif", null, Ct))
            Assert.Equal(old, await TestData.ReadAllAsync(read));
        Assert.Equal(TestData.Md5Base64(old), (await Store.StatAsync(Bucket, Prefix + "old.tif", Ct)).Md5Base64);
    }

    [Fact]
    public async Task Cancelled_put_leaves_no_object()
    {
        using var cts = new CancellationTokenSource();
        var slow = new ForwardOnlyStream(new CancelAfterFirstReadStream(TestData.Bytes(4_000_000, 12), cts));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutStreamAsync(Bucket, Prefix + "c.tif", slow, "image/tiff", cts.Token));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.StatAsync(Bucket, Prefix + "c.tif", Ct));
    }

    private async Task<List<string>> ListKeys(string relativePrefix) =>
        await Store.ListAsync(Bucket, Prefix + relativePrefix, Ct).Select(o => o.Key[Prefix.Length..]).ToListAsync(Ct);
}
