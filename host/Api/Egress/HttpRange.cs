using System.Globalization;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Host.Api.Egress;

public enum RangeKind { Whole, Partial, Unsatisfiable }

/// <summary>How to answer a request's <c>Range</c> header for a file of a known size.</summary>
public readonly record struct RangeDecision(RangeKind Kind, ByteRange Range);

/// <summary>
/// RFC 9110 single byte ranges: <c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>. A header that
/// is malformed, names another unit or several ranges is ignored (the whole file is sent, as the
/// RFC allows); a well-formed range that lies outside the file is unsatisfiable (416).
/// </summary>
public static class HttpRange
{
    public static RangeDecision Decide(string? header, long size)
    {
        var whole = new RangeDecision(RangeKind.Whole, new ByteRange(0, size - 1));
        if (string.IsNullOrWhiteSpace(header))
            return whole;
        var value = header.Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
            return whole;
        var spec = value[6..].Trim();
        if (spec.Contains(','))
            return whole;
        var dash = spec.IndexOf('-');
        if (dash < 0)
            return whole;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        var unsatisfiable = new RangeDecision(RangeKind.Unsatisfiable, default);

        if (first.Length == 0)
        {
            // Suffix range: the last n bytes.
            if (!TryParse(last, out var suffix))
                return whole;
            if (suffix == 0 || size == 0)
                return unsatisfiable;
            return Partial(Math.Max(0, size - suffix), size - 1, size);
        }
        if (!TryParse(first, out var from))
            return whole;
        long to = size - 1;
        if (last.Length > 0)
        {
            if (!TryParse(last, out var parsedTo) || parsedTo < from)
                return whole;
            to = Math.Min(parsedTo, size - 1);
        }
        return from >= size ? unsatisfiable : Partial(from, to, size);
    }

    private static RangeDecision Partial(long from, long to, long size) =>
        new(RangeKind.Partial, new ByteRange(from, Math.Min(to, size - 1)));

    private static bool TryParse(string digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
