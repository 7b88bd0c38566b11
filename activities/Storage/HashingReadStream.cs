using System.Runtime.ExceptionServices;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Passes an upload's bytes through while hashing them, so the checksums the server records can be
/// compared with what was actually sent. Forward-only on purpose: an uploader that wants to resend a
/// chunk must buffer it rather than seek back (which would hash the bytes twice).
/// </summary>
internal sealed class HashingReadStream(Stream inner) : ForwardReadStream
{
    public ObjectHasher Hasher { get; } = new();

    /// <summary>What the source stream threw, if it failed: the caller's fault, not the storage's.</summary>
    public ExceptionDispatchInfo? SourceFailure { get; private set; }

    public override bool CanRead => true;
    public override long Length => throw new NotSupportedException("The length of an upload stream is not known in advance.");

    protected override long Consumed => Hasher.Length;

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SourceFailure = ExceptionDispatchInfo.Capture(e);
            throw;
        }
        Hasher.Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SourceFailure = ExceptionDispatchInfo.Capture(e);
            throw;
        }
        Hasher.Append(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Hasher.Dispose();
        base.Dispose(disposing);
    }
}
