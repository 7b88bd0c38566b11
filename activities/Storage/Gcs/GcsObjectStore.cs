using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Object = Google.Apis.Storage.v1.Data.Object;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Object storage on Google Cloud Storage. Uploads are resumable (one request per chunk, so a
/// dropped connection costs a chunk, not the object) and checked against the MD5 and CRC-32C the
/// server records; downloads read the version just stat'ed, streamed, of exactly the expected length.
/// </summary>
public sealed class GcsObjectStore(StorageClient client, ILogger<GcsObjectStore>? logger = null, int uploadChunkBytes = GcsObjectStore.DefaultUploadChunkBytes) : IObjectStore
{
    /// <summary>8 MiB: large enough that per-request latency is amortised, small enough to buffer.</summary>
    public const int DefaultUploadChunkBytes = 32 * UploadObjectOptions.MinimumChunkSize;

    private const int ListPageSize = 1000;
    private readonly ILogger _logger = logger ?? NullLogger<GcsObjectStore>.Instance;
    private readonly int _uploadChunkBytes = uploadChunkBytes > 0 && uploadChunkBytes % UploadObjectOptions.MinimumChunkSize == 0
        ? uploadChunkBytes
        : throw new ArgumentOutOfRangeException(nameof(uploadChunkBytes), $"The upload chunk size must be a positive multiple of {UploadObjectOptions.MinimumChunkSize} bytes (256 KiB).");

    public async Task<ObjectInfo> PutFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken ct)
    {
        Validate(bucket, key);
        await using var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await PutStreamAsync(bucket, key, file, contentType, ct).ConfigureAwait(false);
    }

    public async Task<ObjectInfo> PutStreamAsync(string bucket, string key, Stream content, string contentType, CancellationToken ct)
    {
        Validate(bucket, key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        await using var hashing = new HashingReadStream(content);
        var options = new UploadObjectOptions { ChunkSize = _uploadChunkBytes, UploadValidationMode = UploadValidationMode.None };
        Object stored;
        try
        {
            stored = await CallAsync(bucket, key, () => client.UploadObjectAsync(bucket, key, contentType, hashing, options, ct), ct).ConfigureAwait(false);
        }
        catch when (hashing.SourceFailure is not null)
        {
            hashing.SourceFailure.Throw(); // the content stream failed, not GCS: report it as it was
            throw;
        }
        var (md5, crc32c) = hashing.Hasher.Finish();
        await RejectIfCorruptedAsync(stored, hashing.Hasher.Length, md5, crc32c, ct).ConfigureAwait(false);
        _logger.ObjectUploaded(bucket, key, stored.Size, stored.Generation);
        return ToInfo(stored);
    }

    public async Task<Stream> OpenReadAsync(string bucket, string key, ByteRange? range, CancellationToken ct)
    {
        Validate(bucket, key);
        var version = await GetAsync(bucket, key, ct).ConfigureAwait(false);
        var size = (long)(version.Size ?? 0);
        var options = new DownloadObjectOptions { Generation = version.Generation };
        var length = size;
        if (range is { } r)
        {
            ByteRanges.Validate(r, size, bucket, key);
            options.Range = new RangeHeaderValue(r.From, r.To);
            length = r.Length;
        }
        return GcsDownload.Start(client, version, options, length, ct);
    }

    public async Task<ObjectInfo> StatAsync(string bucket, string key, CancellationToken ct)
    {
        Validate(bucket, key);
        return ToInfo(await GetAsync(bucket, key, ct).ConfigureAwait(false));
    }

    public async Task<bool> DeleteAsync(string bucket, string key, CancellationToken ct)
    {
        Validate(bucket, key);
        try
        {
            return await CallAsync(bucket, key, async () =>
            {
                await client.DeleteObjectAsync(bucket, key, null, ct).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        ObjectNames.ValidateBucket(bucket);
        ObjectNames.ValidatePrefix(prefix);
        var pages = client.ListObjectsAsync(bucket, prefix, new ListObjectsOptions { PageSize = ListPageSize });
        await using var objects = pages.GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try
            {
                more = await objects.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (GcsErrors.IsNotFound(e))
            {
                yield break; // a bucket that does not exist holds no objects
            }
            catch (Exception e) when (GcsErrors.Translate(e, bucket, prefix, ct) is var translated && translated != e)
            {
                throw translated;
            }
            if (!more) yield break;
            yield return ToInfo(objects.Current);
        }
    }

    public string GdalPath(string bucket, string key)
    {
        Validate(bucket, key);
        return $"/vsigs/{bucket}/{key}";
    }

    private Task<Object> GetAsync(string bucket, string key, CancellationToken ct) =>
        CallAsync(bucket, key, () => client.GetObjectAsync(bucket, key, null, ct), ct);

    /// <summary>One client call, its failures translated to the store's typed errors.</summary>
    private static async Task<T> CallAsync<T>(string bucket, string key, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (GcsErrors.Translate(e, bucket, key, ct) is var translated && translated != e)
        {
            throw translated;
        }
    }

    /// <summary>Bytes changed between this process and the server's disk: remove that version, let the caller retry.</summary>
    private async Task RejectIfCorruptedAsync(Object stored, long sentBytes, string md5, string crc32c, CancellationToken ct)
    {
        var sizeOk = (long)(stored.Size ?? 0) == sentBytes;
        var md5Ok = stored.Md5Hash is null || stored.Md5Hash == md5;
        var crcOk = stored.Crc32c is null || stored.Crc32c == crc32c;
        if (sizeOk && md5Ok && crcOk) return;
        _logger.UploadCorrupted(stored.Bucket, stored.Name, sentBytes, md5, crc32c, stored.Size, stored.Md5Hash, stored.Crc32c);
        try
        {
            await client.DeleteObjectAsync(stored.Bucket, stored.Name, new DeleteObjectOptions { Generation = stored.Generation }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (GcsErrors.IsNotFound(e))
        {
        }
        throw new StorageUnavailableException(
            $"The upload of '{stored.Name}' to bucket '{stored.Bucket}' arrived corrupted (size or checksum differs from what was sent) and was deleted; retry the upload.");
    }

    private static ObjectInfo ToInfo(Object o) =>
        new(o.Bucket, o.Name, (long)(o.Size ?? 0), o.ContentType, o.Md5Hash, o.Crc32c, o.UpdatedDateTimeOffset);

    private static void Validate(string bucket, string key)
    {
        ObjectNames.ValidateBucket(bucket);
        ObjectNames.ValidateKey(key);
    }
}
