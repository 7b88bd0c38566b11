using System.Security.Cryptography;

namespace Geopera.Clip.Activities.Storage;

/// <summary>The size, MD5 and CRC-32C of bytes as they stream past, in the encodings GCS uses.</summary>
public sealed class ObjectHasher : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly Crc32C _crc = new();

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5.AppendData(data);
        _crc.Append(data);
        Length += data.Length;
    }

    /// <summary>Base64 MD5 and base64 big-endian CRC-32C of everything appended; call once.</summary>
    public (string Md5Base64, string Crc32cBase64) Finish() =>
        (Convert.ToBase64String(_md5.GetHashAndReset()), _crc.CurrentBase64);

    /// <summary>Hash a whole stream from its current position.</summary>
    public static async Task<(long Length, string Md5Base64, string Crc32cBase64)> HashStreamAsync(Stream stream, CancellationToken ct)
    {
        using var hasher = new ObjectHasher();
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0) hasher.Append(buffer.AsSpan(0, read));
        var (md5, crc) = hasher.Finish();
        return (hasher.Length, md5, crc);
    }

    public void Dispose() => _md5.Dispose();
}
