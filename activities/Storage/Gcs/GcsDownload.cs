using System.IO.Pipelines;
using Google.Cloud.Storage.V1;
using Object = Google.Apis.Storage.v1.Data.Object;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Streams a download to the reader as it arrives: the client writes into a bounded pipe (it
/// pauses when the reader falls behind), so an object of any size costs a few MiB of memory.
/// Disposing the reader cancels the transfer.
/// </summary>
internal sealed class GcsDownload : IAsyncDisposable
{
    private const int PauseWriterBytes = 4 << 20;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: PauseWriterBytes, resumeWriterThreshold: PauseWriterBytes / 2));
    private readonly CancellationTokenSource _cancel;
    private readonly Task _transfer;

    private GcsDownload(StorageClient client, Object version, DownloadObjectOptions options, CancellationToken ct)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _transfer = TransferAsync(client, version, options, _cancel.Token);
    }

    /// <summary>A stream of exactly <paramref name="length"/> bytes of the object version.</summary>
    public static Stream Start(StorageClient client, Object version, DownloadObjectOptions options, long length, CancellationToken ct)
    {
        var download = new GcsDownload(client, version, options, ct);
        return new LengthLimitedStream(download._pipe.Reader.AsStream(), length, download);
    }

    private async Task TransferAsync(StorageClient client, Object version, DownloadObjectOptions options, CancellationToken ct)
    {
        await Task.Yield(); // return the stream to the caller before the first request
        Exception? failure = null;
        try
        {
            await using var sink = _pipe.Writer.AsStream(leaveOpen: true);
            await client.DownloadObjectAsync(version, sink, options, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = GcsErrors.Translate(e, version.Bucket, version.Name, ct);
        }
        await _pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        try
        {
#pragma warning disable VSTHRD003 // the transfer was started by this object's constructor, not another context
            await _transfer.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        }
        finally
        {
            _cancel.Dispose();
        }
    }
}
