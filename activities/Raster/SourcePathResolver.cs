using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Turns an asset href into a path GDAL may read: <c>gs://bucket/key</c> through the configured
/// object store, <c>https://</c> through <c>/vsicurl/</c>, and absolute local paths only under
/// allowed roots. Anything else (relative paths, raw <c>/vsi…</c> paths, other schemes) is refused,
/// so a request cannot make GDAL read arbitrary files or internal URLs.
/// </summary>
public sealed class SourcePathResolver(IObjectStore? store, IReadOnlyList<string> allowedLocalRoots)
{
    private readonly string[] _roots = [.. allowedLocalRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(NormalizeRoot)];

    public string Resolve(string href)
    {
        if (string.IsNullOrWhiteSpace(href)) throw ClipFailure.InvalidRaster("The asset has no href.");
        if (href.StartsWith("gs://", StringComparison.Ordinal)) return ResolveGs(href);
        if (href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(href, UriKind.Absolute, out _)) throw ClipFailure.InvalidRaster($"The asset href '{href}' is not a valid URL.");
            return "/vsicurl/" + href;
        }
        var local = href.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(href, UriKind.Absolute, out var uri)
            ? uri.LocalPath
            : href;
        if (local.StartsWith("/vsi", StringComparison.Ordinal) || !Path.IsPathFullyQualified(local))
            throw ClipFailure.InvalidRaster($"The asset href '{href}' is not supported: use gs://bucket/key, https://… or an absolute path under an allowed root.");
        var full = Path.GetFullPath(local);
        if (!_roots.Any(root => full.StartsWith(root, StringComparison.Ordinal)))
            throw ClipFailure.InvalidRaster($"The local path '{full}' is outside the allowed roots ({string.Join(", ", _roots)}); add its folder to Raster:AllowedLocalRoots.");
        return full;
    }

    private string ResolveGs(string href)
    {
        var (bucket, key) = SplitGs(href);
        if (store is null) throw ClipFailure.InvalidRaster($"'{href}' needs an object store, and none is configured here.");
        return store.GdalPath(bucket, key);
    }

    /// <summary>The bucket and object key of a <c>gs://bucket/key</c> href.</summary>
    public static (string Bucket, string Key) SplitGs(string href)
    {
        var rest = href["gs://".Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
            throw ClipFailure.InvalidRaster($"The asset href '{href}' is not of the form gs://bucket/key.");
        var (bucket, key) = (rest[..slash], rest[(slash + 1)..]);
        if (key.Split('/').Any(segment => segment is "" or "." or ".."))
            throw ClipFailure.InvalidRaster($"The object key in '{href}' has empty, '.' or '..' segments.");
        return (bucket, key);
    }

    private static string NormalizeRoot(string root)
    {
        var full = Path.GetFullPath(root);
        return full.EndsWith(Path.DirectorySeparatorChar) ? full : full + Path.DirectorySeparatorChar;
    }
}
