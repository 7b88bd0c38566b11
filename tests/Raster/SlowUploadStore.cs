using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Raster;

/// <summary>
/// A real <see cref="LocalObjectStore"/> whose uploads of one chosen key stall part-way: the first
/// chunk of the file reaches the store's partial file, then the upload waits until it is
/// cancelled, as a long upload to a slow bucket does. What a cancelled upload leaves is the real
/// store's doing (it writes a partial file and renames it over the key only when the whole object
/// arrived; a GCS upload, likewise, makes no object until its last chunk is committed — see
/// cloud.google.com/storage/docs/resumable-uploads and performing-resumable-uploads#cancel-upload).
/// </summary>
public sealed class SlowUploadStore(LocalObjectStore inner, Func<string, bool> stallsOn) : IObjectStore
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a stalled upload has written its first chunk and is waiting.</summary>
    public Task Stalled => _stalled.Task;

    public async Task<ObjectInfo> PutFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken ct)
    {
        if (!stallsOn(key))
            return await inner.PutFileAsync(bucket, key, localPath, contentType, ct);
        await using var file = File.OpenRead(localPath);
        await using var stalling = new StallingStream(file, _stalled);
        return await inner.PutStreamAsync(bucket, key, stalling, contentType, ct);
    }

    public Task<ObjectInfo> PutStreamAsync(string bucket, string key, Stream content, string contentType, CancellationToken ct) =>
        inner.PutStreamAsync(bucket, key, content, contentType, ct);

    public Task<Stream> OpenReadAsync(string bucket, string key, ByteRange? range, CancellationToken ct) => inner.OpenReadAsync(bucket, key, range, ct);

    public Task<ObjectInfo> StatAsync(string bucket, string key, CancellationToken ct) => inner.StatAsync(bucket, key, ct);

    public Task<bool> DeleteAsync(string bucket, string key, CancellationToken ct) => inner.DeleteAsync(bucket, key, ct);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken ct) => inner.ListAsync(bucket, prefix, ct);

    public string GdalPath(string bucket, string key) => inner.GdalPath(bucket, key);

    /// <summary>Hands out the first 4 KiB, then, when asked for more (so the store has written the
    /// first chunk), says it stalled and waits for the reader's cancellation.</summary>
    private sealed class StallingStream(Stream source, TaskCompletionSource stalled) : ForwardReadStream
    {
        private long _consumed;

        protected override long Consumed => _consumed;

        public override bool CanRead => true;
        public override long Length => source.Length;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_consumed == 0)
            {
                _consumed = await source.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken);
                return (int)_consumed;
            }
            stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable: an infinite delay ends only by cancellation");
        }

        public override int Read(Span<byte> buffer) => throw new NotSupportedException("The store reads uploads asynchronously.");
    }
}
