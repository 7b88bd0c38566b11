using System.Runtime.CompilerServices;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Object storage on a local filesystem: a bucket is a folder of the root, an object a plain file
/// (so GDAL reads it directly). Puts write a temp file in the target folder, fsync it and rename it
/// over the key, so readers see the old object or the new one, never a partial one.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private readonly LocalObjectPaths _paths;

    public LocalObjectStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _paths = new LocalObjectPaths(Path.GetFullPath(rootDirectory));
        Directory.CreateDirectory(_paths.Root);
    }

    public string RootDirectory => _paths.Root;

    public async Task<ObjectInfo> PutFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken ct)
    {
        Validate(bucket, key);
        await using var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return await PutStreamAsync(bucket, key, source, contentType, ct).ConfigureAwait(false);
    }

    public async Task<ObjectInfo> PutStreamAsync(string bucket, string key, Stream content, string contentType, CancellationToken ct)
    {
        Validate(bucket, key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var dataPath = _paths.Data(bucket, key);
        var metaPath = _paths.Metadata(bucket, key);
        var dataDirectory = Path.GetDirectoryName(dataPath)!;
        var partialData = LocalFiles.CreatePartial(dataDirectory, out var output);
        string? partialMeta = null;
        try
        {
            LocalObjectMetadata metadata;
            await using (output)
            {
                metadata = await WriteHashedAsync(content, output, contentType, ct).ConfigureAwait(false);
            }
            metadata = metadata with { LastWriteTicksUtc = File.GetLastWriteTimeUtc(partialData).Ticks };
            partialMeta = DiskWriteException.Wrap(() => LocalFiles.WritePartialMetadata(Path.GetDirectoryName(metaPath)!, metadata));
            ct.ThrowIfCancellationRequested();
            lock (KeyLocks.For(dataPath))
            {
                LocalFiles.Commit(partialData, dataPath);
                LocalFiles.Commit(partialMeta, metaPath);
            }
            DirectorySync.Flush(dataDirectory);
            LocalFiles.RemoveAbandonedPartials(dataDirectory);
            LocalFiles.RemoveAbandonedPartials(Path.GetDirectoryName(metaPath)!);
            return metadata.ToInfo(bucket, key);
        }
        catch (Exception e)
        {
            LocalFiles.TryDelete(partialData);
            if (partialMeta is not null) LocalFiles.TryDelete(partialMeta);
            if (e is DiskWriteException disk)
                throw new StorageUnavailableException(
                    $"Writing '{key}' to bucket '{bucket}' failed ({disk.InnerException!.Message}); nothing was stored. Check the volume's free space and permissions.", disk.InnerException);
            throw;
        }
    }

    public Task<Stream> OpenReadAsync(string bucket, string key, ByteRange? range, CancellationToken ct)
    {
        Validate(bucket, key);
        ct.ThrowIfCancellationRequested();
        FileStream file;
        try
        {
            // FileShare.Delete: a concurrent put renames over the key; this reader keeps the old bytes.
            file = new FileStream(_paths.Data(bucket, key), FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException && !File.Exists(_paths.Data(bucket, key)))
        {
            throw Missing(bucket, key);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new StorageUnavailableException(
                $"Object '{key}' in bucket '{bucket}' exists but cannot be read ({e.Message}); check the file's permissions and the volume.", e, StorageFaultScope.Object);
        }
        if (range is not { } r) return Task.FromResult<Stream>(file);
        try
        {
            ByteRanges.Validate(r, file.Length, bucket, key);
            file.Seek(r.From, SeekOrigin.Begin);
            return Task.FromResult<Stream>(new LengthLimitedStream(file, r.Length));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public async Task<ObjectInfo> StatAsync(string bucket, string key, CancellationToken ct)
    {
        Validate(bucket, key);
        var dataPath = _paths.Data(bucket, key);
        FileInfo data;
        LocalObjectMetadata? metadata;
        lock (KeyLocks.For(dataPath))
        {
            data = new FileInfo(dataPath);
            if (!data.Exists) throw Missing(bucket, key);
            metadata = LocalObjectMetadata.TryRead(_paths.Metadata(bucket, key));
        }
        if (metadata is not null && metadata.Describes(data)) return metadata.ToInfo(bucket, key);
        return await RepairMetadataAsync(bucket, key, metadata?.ContentType, ct).ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(string bucket, string key, CancellationToken ct)
    {
        Validate(bucket, key);
        ct.ThrowIfCancellationRequested();
        var dataPath = _paths.Data(bucket, key);
        bool existed;
        lock (KeyLocks.For(dataPath))
        {
            existed = File.Exists(dataPath);
            if (existed) File.Delete(dataPath);
            LocalFiles.TryDelete(_paths.Metadata(bucket, key));
        }
        if (existed)
        {
            LocalFiles.RemoveEmptyFolders(Path.GetDirectoryName(dataPath)!, _paths.BucketDirectory(bucket));
            LocalFiles.RemoveEmptyFolders(Path.GetDirectoryName(_paths.Metadata(bucket, key))!, _paths.MetadataBucketDirectory(bucket));
        }
        return Task.FromResult(existed);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        ObjectNames.ValidateBucket(bucket);
        ObjectNames.ValidatePrefix(prefix);
        foreach (var key in ListKeys(bucket, prefix))
        {
            ct.ThrowIfCancellationRequested();
            ObjectInfo info;
            try
            {
                info = await StatAsync(bucket, key, ct).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                continue; // deleted after the folder was read: GCS listings are not snapshots either
            }
            yield return info;
        }
    }

    public string GdalPath(string bucket, string key)
    {
        Validate(bucket, key);
        return _paths.Data(bucket, key);
    }

    /// <summary>Keys under the prefix in byte order of their UTF-16 code units, as GCS sorts ASCII keys.</summary>
    private List<string> ListKeys(string bucket, string prefix)
    {
        var bucketDirectory = _paths.BucketDirectory(bucket);
        var prefixFolder = prefix.LastIndexOf('/') is var slash and >= 0 ? prefix[..slash] : "";
        var start = prefixFolder.Length == 0 ? bucketDirectory : _paths.Data(bucket, prefixFolder);
        if (!Directory.Exists(start)) return [];
        // AttributesToSkip none: on Unix a leading '.' counts as Hidden, and such keys are valid.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var keys = Directory.EnumerateFiles(start, "*", options)
            .Where(path => !LocalObjectPaths.IsPartial(path))
            .Select(path => LocalObjectPaths.KeyOf(bucketDirectory, path))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private static async Task<LocalObjectMetadata> WriteHashedAsync(Stream content, FileStream output, string contentType, CancellationToken ct)
    {
        using var hasher = new ObjectHasher();
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, read));
            try
            {
                await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DiskWriteException(e);
            }
        }
        DiskWriteException.Wrap(() => { output.Flush(flushToDisk: true); return 0; });
        var (md5, crc) = hasher.Finish();
        return new LocalObjectMetadata(hasher.Length, 0, contentType, md5, crc);
    }

    /// <summary>Recompute what a crashed put failed to record, and record it if the object is unchanged.</summary>
    private async Task<ObjectInfo> RepairMetadataAsync(string bucket, string key, string? contentType, CancellationToken ct)
    {
        var dataPath = _paths.Data(bucket, key);
        var stream = await OpenReadAsync(bucket, key, null, ct).ConfigureAwait(false);
        await using (stream)
        {
            var hashed = await ObjectHasher.HashStreamAsync(stream, ct).ConfigureAwait(false);
            var ticks = File.GetLastWriteTimeUtc(((FileStream)stream).SafeFileHandle).Ticks;
            var metadata = new LocalObjectMetadata(hashed.Length, ticks, contentType ?? ContentTypes.FromKey(key), hashed.Md5Base64, hashed.Crc32cBase64);
            TryRecordMetadata(dataPath, _paths.Metadata(bucket, key), metadata);
            return metadata.ToInfo(bucket, key);
        }
    }

    /// <summary>Records repaired metadata for the next reader, if the disk lets it: a read never
    /// fails because a write did (full disk, read-only mount); the next read repairs again.</summary>
    private static void TryRecordMetadata(string dataPath, string metaPath, LocalObjectMetadata metadata)
    {
        try
        {
            var partialMeta = LocalFiles.WritePartialMetadata(Path.GetDirectoryName(metaPath)!, metadata);
            lock (KeyLocks.For(dataPath))
            {
                var current = new FileInfo(dataPath);
                if (current.Exists && metadata.Describes(current)) LocalFiles.Commit(partialMeta, metaPath);
                else LocalFiles.TryDelete(partialMeta);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Not found, when the bucket's folder is there: a missing folder (the root renamed,
    /// the volume not mounted) is an outage, not a deleted object.</summary>
    private Exception Missing(string bucket, string key)
    {
        var folder = _paths.BucketDirectory(bucket);
        return Directory.Exists(folder)
            ? new ObjectNotFoundException(bucket, key)
            : new StorageUnavailableException(
                $"The folder of bucket '{bucket}' ({folder}) is missing: the storage volume may be unmounted or its root renamed. Check Storage:LocalRoot.");
    }

    private static void Validate(string bucket, string key)
    {
        ObjectNames.ValidateBucket(bucket);
        ObjectNames.ValidateKey(key);
    }
}
