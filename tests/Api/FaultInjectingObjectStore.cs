using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Api;

/// <summary>A real object store with switchable read faults: while <see cref="FailReads"/> is set,
/// stat and open throw <see cref="StorageUnavailableException"/> as a store under trouble does.
/// Writes, lists and deletes always pass through.</summary>
public sealed class FaultInjectingObjectStore(IObjectStore inner) : IObjectStore
{
    private int _readFaults;

    public volatile bool FailReads;

    /// <summary>When set, the next read throws it instead (an unexpected fault, not a storage outage).</summary>
    public Exception? NextReadException;

    public int ReadAttempts;

    public int ReadFaults => _readFaults;

    private void MaybeFail()
    {
        Interlocked.Increment(ref ReadAttempts);
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

    public Task<Stream> OpenReadAsync(string bucket, string key, ByteRange? range, CancellationToken ct)
    {
        MaybeFail();
        return inner.OpenReadAsync(bucket, key, range, ct);
    }

    public Task<ObjectInfo> StatAsync(string bucket, string key, CancellationToken ct)
    {
        MaybeFail();
        return inner.StatAsync(bucket, key, ct);
    }

    public Task<bool> DeleteAsync(string bucket, string key, CancellationToken ct) => inner.DeleteAsync(bucket, key, ct);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken ct) => inner.ListAsync(bucket, prefix, ct);

    public string GdalPath(string bucket, string key) => inner.GdalPath(bucket, key);
}
