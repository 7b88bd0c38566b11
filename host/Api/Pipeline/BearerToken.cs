namespace Geopera.Clip.Host.Api.Pipeline;

/// <summary>Extracts the raw API key from an Authorization header value; pure.</summary>
public static class BearerToken
{
    public const string KeyPrefix = "gpra_";
    private const int MaxKeyLength = 256;

    /// <summary>The <c>gpra_…</c> key, or null with the reason the header is unusable.</summary>
    public static (string? Key, string? Problem) Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return (null, "Send your API key as 'Authorization: Bearer gpra_…'.");
        var parts = header.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return (null, "The Authorization header must use the Bearer scheme: 'Authorization: Bearer gpra_…'.");
        var key = parts[1].Trim();
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > MaxKeyLength || key.Length == KeyPrefix.Length
            || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            return (null, "The bearer token is not a Geopera API key (they start with 'gpra_').");
        return (key, null);
    }
}
