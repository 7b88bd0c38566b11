using System.Text.Json;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// What the local store records beside an object (in a separate tree, so listings never see it).
/// The data file's size and modification time are recorded too: a put that crashed between
/// replacing the data and replacing this record leaves a mismatch, which readers detect and repair.
/// </summary>
internal sealed record LocalObjectMetadata(long SizeBytes, long LastWriteTicksUtc, string ContentType, string Md5Base64, string Crc32cBase64)
{
    public bool Describes(FileInfo data) =>
        data.Length == SizeBytes && data.LastWriteTimeUtc.Ticks == LastWriteTicksUtc;

    public ObjectInfo ToInfo(string bucket, string key) =>
        new(bucket, key, SizeBytes, ContentType, Md5Base64, Crc32cBase64, new DateTimeOffset(LastWriteTicksUtc, TimeSpan.Zero));

    /// <summary>The record, or null when absent or unreadable (a torn or foreign file).</summary>
    public static LocalObjectMetadata? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalObjectMetadata>(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);
}
