namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Base of the read-only, forward-only wrappers the stores put around transfers: everything but
/// reading (and how far it got) is refused the same way.
/// </summary>
public abstract class ForwardReadStream : Stream
{
    /// <summary>How many bytes have been read so far.</summary>
    protected abstract long Consumed { get; }

    public override bool CanSeek => false;
    public override bool CanWrite => false;

    public override long Position
    {
        get => Consumed;
        set => throw new NotSupportedException("This stream reads forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Every wrapper reads asynchronously on its own terms; the array overload forwards here.</summary>
    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream reads forward only.");
    public override void SetLength(long value) => throw new NotSupportedException("This stream is read-only.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream is read-only.");
}
