using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Workflows;

/// <summary>
/// Names each asset's output by its mosaic type (<c>clips/{job}/{output}_{mosaic_type}.tif</c>, and
/// the key clients download by), so the names must be unique within a job and stable under replay
/// and retries. Rules, in order:
/// 1. the asset's explicit mosaic type;
/// 2. derived from its band names: red,green,blue → <c>rgb</c>; red,green,blue,nir → <c>rgbn</c>
///    (the four-band product Geopera sells as "RGBN"); one band → that band's name;
/// 3. the asset key.
/// Names are lower-cased and reduced to [a-z0-9_-]. A name already taken by an earlier asset (in the
/// given order, which resolve-assets keeps sorted by key) gets the suffix <c>_2</c>, <c>_3</c>, ….
/// </summary>
public static class MosaicTypes
{
    private static readonly string[] Rgb = ["red", "green", "blue"];
    private static readonly string[] Rgbn = ["red", "green", "blue", "nir"];

    /// <summary>One mosaic type per asset, in the assets' order.</summary>
    public static IReadOnlyList<string> Assign(IReadOnlyList<SourceAsset> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(assets.Count);
        foreach (var asset in assets)
        {
            var name = Preferred(asset);
            var unique = name;
            for (var n = 2; !taken.Add(unique); n++)
                unique = $"{name}_{n}";
            result.Add(unique);
        }
        return result;
    }

    /// <summary>The name an asset asks for, before collisions are resolved.</summary>
    public static string Preferred(SourceAsset asset)
    {
        var explicitName = Sanitize(asset.MosaicType);
        if (explicitName.Length > 0)
            return explicitName;
        var bands = asset.BandNames.Select(b => b.Trim().ToLowerInvariant()).ToArray();
        if (bands.SequenceEqual(Rgb))
            return "rgb";
        if (bands.SequenceEqual(Rgbn))
            return "rgbn";
        if (bands.Length == 1 && Sanitize(bands[0]).Length > 0)
            return Sanitize(bands[0]);
        var fromKey = Sanitize(asset.Key);
        return fromKey.Length > 0 ? fromKey : "asset";
    }

    // Mosaic types end up in object keys and file names: keep them to a portable alphabet.
    private static string Sanitize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "";
        var chars = value.Trim().ToLowerInvariant()
            .Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '_')
            .ToArray();
        return new string(chars).Trim('_');
    }
}
