using Microsoft.Extensions.Configuration;

namespace Geopera.Clip.Activities.Storage;

public enum StorageKind { Local, Gcs }

/// <summary>The <c>Storage</c> configuration section, checked once at start-up. <c>Buckets</c>
/// names the buckets this deployment reads and writes (the projects' output buckets, the sources'
/// buckets) so that <c>/readyz</c> can check they exist; buckets are otherwise known only from
/// the data, one per project.</summary>
public sealed record StorageSettings(StorageKind Kind, string LocalRoot, string? GcsBaseUri, IReadOnlyList<string>? Buckets = null)
{
    public const string DefaultLocalRoot = ".dev/storage";

    /// <summary>Parse the section; a wrong value fails start-up with what to write instead.</summary>
    public static StorageSettings From(IConfiguration section)
    {
        var kindText = section["Kind"];
        var kind = string.IsNullOrWhiteSpace(kindText) ? StorageKind.Local
            : kindText.Trim().ToLowerInvariant() switch
            {
                "local" => StorageKind.Local,
                "gcs" => StorageKind.Gcs,
                _ => throw new InvalidOperationException($"Storage:Kind is '{kindText}'; set it to 'local' or 'gcs'."),
            };
        var root = string.IsNullOrWhiteSpace(section["LocalRoot"]) ? DefaultLocalRoot : section["LocalRoot"]!;
        var baseUri = string.IsNullOrWhiteSpace(section["GcsBaseUri"]) ? null : section["GcsBaseUri"]!.Trim();
        if (baseUri is not null && !(Uri.TryCreate(baseUri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && baseUri.EndsWith('/')))
            throw new InvalidOperationException($"Storage:GcsBaseUri '{baseUri}' is not an http(s) URL ending in '/', e.g. http://127.0.0.1:59199/storage/v1/.");
        var buckets = section.GetSection("Buckets").GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(b => b.Length > 0).Distinct().ToArray();
        foreach (var bucket in buckets)
        {
            try
            {
                ObjectNames.ValidateBucket(bucket);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Storage:Buckets: {e.Message}", e);
            }
        }
        return new StorageSettings(kind, root, baseUri, buckets);
    }

    /// <summary>The buckets <c>/readyz</c> checks (none when the section lists none).</summary>
    public IReadOnlyList<string> CheckedBuckets => Buckets ?? [];

    /// <summary>
    /// GDAL configuration options that let <c>/vsigs/</c> reach the same storage as this store. With a
    /// custom endpoint (the emulator), GDAL speaks the XML API at the endpoint's root, unsigned;
    /// against Google, GDAL finds credentials itself (GOOGLE_APPLICATION_CREDENTIALS or the metadata server).
    /// </summary>
    public IReadOnlyDictionary<string, string> GdalConfigOptions()
    {
        if (Kind != StorageKind.Gcs || GcsBaseUri is null) return new Dictionary<string, string>();
        var root = GcsBaseUri.EndsWith("storage/v1/", StringComparison.Ordinal) ? GcsBaseUri[..^"storage/v1/".Length] : GcsBaseUri;
        return new Dictionary<string, string> { ["CPL_GS_ENDPOINT"] = root, ["GS_NO_SIGN_REQUEST"] = "YES" };
    }

    /// <summary>The local root as an absolute path: relative roots hang off the content root.</summary>
    public string ResolveLocalRoot(string? contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(LocalRoot) ? LocalRoot : Path.Combine(contentRoot ?? Directory.GetCurrentDirectory(), LocalRoot));
}
