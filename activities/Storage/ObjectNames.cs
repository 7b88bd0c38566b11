using System.Text;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Validation of bucket names and object keys, shared by every store so that a key accepted by
/// the local store is accepted by GCS and none can escape its bucket on a filesystem.
/// </summary>
public static class ObjectNames
{
    /// <summary>Segments starting with this are in-flight uploads of the local store; never keys.</summary>
    public const string ReservedSegmentPrefix = ".clip-partial-";

    private const int MaxKeyBytes = 1024; // GCS limit
    private const int MaxSegmentBytes = 255; // NAME_MAX of Linux filesystems

    /// <summary>GCS bucket naming: 3–63 of [a-z0-9._-], starting and ending with a letter or digit.</summary>
    public static void ValidateBucket(string bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var ok = bucket.Length is >= 3 and <= 63
            && IsLowerAlnum(bucket[0]) && IsLowerAlnum(bucket[^1])
            && bucket.All(c => IsLowerAlnum(c) || c is '-' or '_' or '.')
            && !bucket.Contains("..", StringComparison.Ordinal);
        if (!ok)
            throw new ArgumentException(
                $"Bucket name '{bucket}' is invalid: use 3-63 lowercase letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
                nameof(bucket));
    }

    /// <summary>
    /// A key is a relative slash-separated path: no empty, '.' or '..' segments, no backslash,
    /// NUL or other control character, at most 1024 UTF-8 bytes.
    /// </summary>
    public static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var problem = KeyProblem(key);
        if (problem is not null) throw new ArgumentException($"Object key '{Printable(key)}' is invalid: {problem}.", nameof(key));
    }

    /// <summary>Why the key is invalid, or null when it is valid.</summary>
    public static string? KeyProblem(string key)
    {
        if (key.Length == 0) return "it is empty";
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes) return $"it is longer than {MaxKeyBytes} UTF-8 bytes";
        if (key.Any(char.IsControl)) return "it contains a control character (such as NUL)";
        if (key.Contains('\\')) return "it contains a backslash; separate segments with '/'";
        if (key[0] == '/') return "it is absolute; keys are relative to the bucket";
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0) return "it has an empty segment ('//' or a trailing '/')";
            if (segment is "." or "..") return "it has a '.' or '..' segment";
            if (segment.StartsWith(ReservedSegmentPrefix, StringComparison.Ordinal)) return $"segments starting with '{ReservedSegmentPrefix}' are reserved";
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes) return $"a segment is longer than {MaxSegmentBytes} UTF-8 bytes";
        }
        return null;
    }

    /// <summary>A list prefix: empty, or a string that could begin a valid key (may end with '/').</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0) return;
        var problem = KeyProblem(prefix.EndsWith('/') ? prefix[..^1] : prefix);
        if (problem is not null) throw new ArgumentException($"List prefix '{Printable(prefix)}' is invalid: {problem}.", nameof(prefix));
    }

    private static bool IsLowerAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    private static string Printable(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
