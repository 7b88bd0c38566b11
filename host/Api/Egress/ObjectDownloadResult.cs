using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Geopera.Clip.Host.Api.Egress;

/// <summary>
/// Streams an opened object to the client in fixed-size chunks (never the whole file in memory):
/// 200 or 206 with Content-Range, Content-Length, Accept-Ranges and an attachment filename.
/// A storage fault mid-body aborts the connection so the client sees a truncated transfer.
/// </summary>
public sealed class ObjectDownloadResult(
    OpenedObject opened, string filename, string contentType, GuardedStorage storage, string bucket, string key) : IResult
{
    private readonly Stream _source = opened.Content;
    private readonly long _size = opened.Size;
    private readonly RangeDecision _decision = opened.Decision;

    private const int ChunkBytes = 1024 * 1024;

    public async Task ExecuteAsync(HttpContext http)
    {
        await using var _ = _source;
        var response = http.Response;
        var range = _decision.Range;
        var length = _size == 0 ? 0 : range.Length;
        response.StatusCode = _decision.Kind == RangeKind.Partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        if (_decision.Kind == RangeKind.Partial)
            response.Headers.ContentRange = $"bytes {range.From}-{range.To}/{_size}";
        response.ContentType = contentType;
        response.ContentLength = length;
        response.Headers.AcceptRanges = "bytes";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(filename);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "private, no-store";
        if (HttpMethods.IsHead(http.Request.Method) || length == 0)
            return;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Read straight into the response pipe's memory: the file's bytes are copied once in user
        // space (by the read) rather than twice (into a buffer, then into the pipe). A request
        // larger than Kestrel's 4 KiB blocks is served from the shared array pool, so memory stays
        // one chunk per download whatever the file's size.
        var writer = response.BodyWriter;
        long remaining = length;
        try
        {
            while (remaining > 0)
            {
                var memory = writer.GetMemory(ChunkBytes);
                int read;
                try
                {
                    read = await _source.ReadAsync(memory[..(int)Math.Min(Math.Min(memory.Length, ChunkBytes), remaining)], http.RequestAborted);
                }
                catch (Exception e) when (GuardedStorage.IsStorageFault(e, http.RequestAborted))
                {
                    storage.RecordStreamFault(e, bucket, key);
                    http.Abort();
                    return;
                }
                if (read == 0)
                {
                    storage.RecordStreamFault(new IOException(string.Create(CultureInfo.InvariantCulture, $"object ended {remaining} bytes early")), bucket, key);
                    http.Abort();
                    return;
                }
                writer.Advance(read);
                var flushed = await writer.FlushAsync(http.RequestAborted);
                if (flushed.IsCanceled || flushed.IsCompleted)
                    return; // the client went away
                remaining -= read;
            }
        }
        finally
        {
            storage.RecordStreamed(length - remaining);
        }
    }
}
