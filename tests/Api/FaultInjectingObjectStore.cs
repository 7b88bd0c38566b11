using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Api;

/// <summary>A real object store with switchable read faults: while <see cref="FailReads"/> is set,
/// stat and open throw <see cref="StorageUnavailableException"/> as a store under trouble does;
/// <see cref="UnreadableKey"/> fails reads of one object as the local store does for a file it may
/// not read (LocalObjectStore.OpenReadAsync maps UnauthorizedAccessException/IOException of an
/// existing file to an object-scoped StorageUnavailableException; root, which runs these tests,
/// reads any file whatever its mode, so the permission fault itself cannot be made here);
/// <see cref="FailAfterBytes"/> makes an opened object's stream fail part-way, after the response
/// body has started. Writes, lists and deletes always pass through.</summary>
public sealed class FaultInjectingObjectStore(IObjectStore inner) : IObjectStore
{
    private int _readFaults;

    public volatile bool FailReads;

    /// <summary>When set, the next read throws it instead (an unexpected fault, not a storage outage).</summary>
    public Exception? NextReadException;

    public int ReadAttempts;

    public volatile string? UnreadableKey;

    /// <summary>When set, opened streams throw an IOException once this many bytes were read.</summary>
    public long? FailAfterBytes;

    public int ReadFaults => _readFaults;

    private void MaybeFail(string bucket, string key)
    {
        Interlocked.Increment(ref ReadAttempts);
        if (key == UnreadableKey)
        {
            Interlocked.Increment(ref _readFaults);
            throw new StorageUnavailableException($"Object '{key}' in bucket '{bucket}' exists but cannot be read (Access to the path is denied.)",
                new UnauthorizedAccessException("Access to the path is denied."), StorageFaultScope.Object);
        }
        if (Interlocked.Exchange(ref NextReadException, null) is { } unexpected)
            throw unexpected;
        if (!FailReads)
            return;
        Interlocked.Increment(ref _readFaults);
        throw new StorageUnavailableException("injected storage fault");
    }

    public Task<ObjectInfo> PutFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken ct) =>
        inner.PutFileAsync(bucket, key, localPath, contentType, ct);

    public Task<ObjectInfo> PutStreamAsync(string bucket, string key, Stream content, string contentType, CancellationToken ct) =>
        inner.PutStreamAsync(bucket, key, content, contentType, ct);

    public async Task<Stream> OpenReadAsync(string bucket, string key, ByteRange? range, CancellationToken ct)
    {
        MaybeFail(bucket, key);
        var stream = await inner.OpenReadAsync(bucket, key, range, ct);
        return FailAfterBytes is { } limit ? new StreamFailingPartWay(stream, limit) : stream;
    }

    public Task<ObjectInfo> StatAsync(string bucket, string key, CancellationToken ct)
    {
        MaybeFail(bucket, key);
        return inner.StatAsync(bucket, key, ct);
    }

    public Task<bool> DeleteAsync(string bucket, string key, CancellationToken ct) => inner.DeleteAsync(bucket, key, ct);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken ct) => inner.ListAsync(bucket, prefix, ct);

    public string GdalPath(string bucket, string key) => inner.GdalPath(bucket, key);
}

/// <summary>Reads through until <paramref name="limit"/> bytes, then fails as a disk or network
/// read does mid-file (IOException).</summary>
internal sealed class StreamFailingPartWay(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_read >= limit)
            throw new IOException("Input/output error (injected after the body started)");
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - _read)], cancellationToken);
        _read += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
