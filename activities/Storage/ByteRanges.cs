namespace Geopera.Clip.Activities.Storage;

/// <summary>Checks a requested byte range against an object's size before any byte is read.</summary>
public static class ByteRanges
{
    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless 0 ≤ From ≤ To &lt; size. Ranges are
    /// not clamped: a caller serving HTTP Range requests clamps with the size from a stat first.
    /// </summary>
    public static void Validate(ByteRange range, long size, string bucket, string key)
    {
        if (range.From < 0 || range.To < range.From)
            throw new ArgumentOutOfRangeException(nameof(range),
                $"Byte range {range.From}-{range.To} is malformed: need 0 <= from <= to.");
        if (size == 0)
            throw new ArgumentOutOfRangeException(nameof(range),
                $"Byte range {range.From}-{range.To} cannot be read from '{key}' in bucket '{bucket}': the object is empty; read it without a range.");
        if (range.To >= size)
            throw new ArgumentOutOfRangeException(nameof(range),
                $"Byte range {range.From}-{range.To} lies past the end of '{key}' in bucket '{bucket}' ({size} bytes): request bytes within 0-{size - 1}.");
    }
}
