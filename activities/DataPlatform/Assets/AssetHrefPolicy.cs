using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>Configuration section <c>DataPlatform:AssetHrefs</c>.</summary>
public sealed class AssetHrefPolicyOptions
{
    public const string Section = "DataPlatform:AssetHrefs";

    /// <summary>Directories whose files may be read as source rasters (<c>host dev</c>, tests).
    /// Relative entries are resolved against the working directory at start. Empty: no local files.</summary>
    public List<string> AllowedLocalRoots { get; set; } = [];
}

/// <summary>Whether an href may be read, and why not.</summary>
public sealed record HrefVerdict(bool Allowed, string? Reason)
{
    public static readonly HrefVerdict Ok = new(true, null);
    public static HrefVerdict Refused(string reason) => new(false, reason);
}

/// <summary>
/// Which asset hrefs a warp may read: <c>gs://bucket/key</c> (read through the configured object
/// store), <c>https://host/…</c>, or an absolute local path under an allowed root. Everything
/// else — <c>file:</c>, <c>http:</c>, other schemes, relative paths, <c>.</c>/<c>..</c> segments —
/// is refused, so a crafted item cannot make a worker read arbitrary files or hosts.
/// Symbolic links under an allowed root are not resolved here.
/// </summary>
public sealed partial class AssetHrefPolicy
{
    private readonly IReadOnlyList<string> _roots;

    public AssetHrefPolicy(IOptions<AssetHrefPolicyOptions> options)
    {
        _roots = options.Value.AllowedLocalRoots
            .Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)) + "/")
            .ToList();
    }

    public IReadOnlyList<string> AllowedLocalRoots => _roots;

    public HrefVerdict Evaluate(string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
            return HrefVerdict.Refused("the href is empty");
        if (href.Contains('\0') || href.Contains('\\'))
            return HrefVerdict.Refused("the href contains a backslash or NUL");
        if (href.StartsWith("gs://", StringComparison.Ordinal))
            return EvaluateGcs(href["gs://".Length..]);
        if (href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.UserInfo.Length == 0
                ? HrefVerdict.Ok
                : HrefVerdict.Refused("it is not a well-formed https URL");
        if (href.StartsWith('/'))
            return EvaluateLocal(href);
        return HrefVerdict.Refused("only gs://, https:// and absolute paths under an allowed root are read");
    }

    private static HrefVerdict EvaluateGcs(string bucketAndKey)
    {
        var slash = bucketAndKey.IndexOf('/');
        if (slash <= 0 || slash == bucketAndKey.Length - 1)
            return HrefVerdict.Refused("a gs:// href needs a bucket and an object key");
        if (!BucketName().IsMatch(bucketAndKey[..slash]))
            return HrefVerdict.Refused($"'{bucketAndKey[..slash]}' is not a valid bucket name");
        return HasDotSegment(bucketAndKey[(slash + 1)..])
            ? HrefVerdict.Refused("the object key has '.' or '..' segments")
            : HrefVerdict.Ok;
    }

    private HrefVerdict EvaluateLocal(string path)
    {
        if (HasDotSegment(path))
            return HrefVerdict.Refused("the path has '.' or '..' segments");
        if (_roots.Count == 0)
            return HrefVerdict.Refused("local files are not allowed (no DataPlatform:AssetHrefs:AllowedLocalRoots configured)");
        return _roots.Any(root => path.StartsWith(root, StringComparison.Ordinal))
            ? HrefVerdict.Ok
            : HrefVerdict.Refused("the path is not under an allowed local root");
    }

    private static bool HasDotSegment(string path) =>
        path.Split('/').Any(segment => segment is "." or "..");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$")]
    private static partial Regex BucketName();
}
