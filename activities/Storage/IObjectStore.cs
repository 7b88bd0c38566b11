namespace Geopera.Clip.Activities.Storage;

/// <summary>Metadata of a stored object.</summary>
public sealed record ObjectInfo(string Bucket, string Key, long SizeBytes, string? ContentType, string? Md5Base64, string? Crc32cBase64, DateTimeOffset? Updated);

/// <summary>A byte range, inclusive of both ends as in HTTP <c>Range: bytes=from-to</c>.</summary>
public readonly record struct ByteRange(long From, long To)
{
    public long Length => To - From + 1;
}

/// <summary>Thrown when an object or bucket does not exist.</summary>
public sealed class ObjectNotFoundException(string bucket, string key)
    : Exception($"Object '{key}' was not found in bucket '{bucket}'.")
{
    public string Bucket { get; } = bucket;
    public string Key { get; } = key;
}

/// <summary>How far a storage fault reaches: the whole bucket (store unreachable, bucket or root
/// missing) or one object (a file that cannot be read).</summary>
public enum StorageFaultScope { Bucket, Object }

/// <summary>Thrown for transient storage faults (network, 5xx, timeouts, a missing bucket or
/// root, an unreadable file): the caller may retry.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null, StorageFaultScope scope = StorageFaultScope.Bucket)
    : Exception(message, inner)
{
    public StorageFaultScope Scope { get; } = scope;
}

/// <summary>
/// The object storage the service writes outputs to and streams downloads from. Keys are
/// slash-separated relative paths; implementations reject keys that escape the bucket.
/// </summary>
public interface IObjectStore
{
    /// <summary>Upload a local file, replacing any object with the same key (retries overwrite).</summary>
    Task<ObjectInfo> PutFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken ct);

    /// <summary>Upload a stream, replacing any object with the same key.</summary>
    Task<ObjectInfo> PutStreamAsync(string bucket, string key, Stream content, string contentType, CancellationToken ct);

    /// <summary>Open an object for reading, optionally a byte range. The stream is not buffered whole.</summary>
    Task<Stream> OpenReadAsync(string bucket, string key, ByteRange? range, CancellationToken ct);

    /// <summary>Object metadata; throws <see cref="ObjectNotFoundException"/> when missing.</summary>
    Task<ObjectInfo> StatAsync(string bucket, string key, CancellationToken ct);

    /// <summary>Delete an object; deleting a missing object is not an error. Returns whether it existed.</summary>
    Task<bool> DeleteAsync(string bucket, string key, CancellationToken ct);

    /// <summary>List objects whose key starts with <paramref name="prefix"/>.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken ct);

    /// <summary>A path GDAL can read the object from (a local path or <c>/vsigs/bucket/key</c>).</summary>
    string GdalPath(string bucket, string key);
}
