namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// A read-only forward stream exposing exactly <c>length</c> bytes of an inner stream, without
/// buffering them. If the inner stream ends early the read fails instead of silently returning a
/// short object, so a truncated download never passes for a complete one.
/// </summary>
public sealed class LengthLimitedStream(Stream inner, long length, IAsyncDisposable? alsoDispose = null) : ForwardReadStream
{
    private readonly long _length = length;
    private long _remaining = length;
    private bool _disposed;

    public override bool CanRead => !_disposed;
    public override long Length => _length;

    protected override long Consumed => _length - _remaining;

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0 || buffer.Length == 0) return 0;
        var read = inner.Read(buffer[..Limit(buffer.Length)]);
        return Account(read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.Length == 0) return 0;
        var read = await inner.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken).ConfigureAwait(false);
        return Account(read);
    }

    private int Limit(int requested) => (int)Math.Min(requested, _remaining);

    private int Account(int read)
    {
        if (read == 0)
            throw new IOException($"The object ended after {_length - _remaining} of the expected {_length} bytes; retry the read.");
        _remaining -= read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            inner.Dispose();
            // Dispose(bool) cannot await; callers that can use DisposeAsync.
#pragma warning disable VSTHRD002
            alsoDispose?.DisposeAsync().AsTask().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await inner.DisposeAsync().ConfigureAwait(false);
        if (alsoDispose is not null) await alsoDispose.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
