namespace Geopera.Clip.Activities.Storage;

/// <summary>Content type guessed from a key's extension, for objects whose recorded type is lost.</summary>
public static class ContentTypes
{
    public const string Default = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".json"] = "application/json",
        [".geojson"] = "application/geo+json",
        [".txt"] = "text/plain",
    };

    public static string FromKey(string key) =>
        ByExtension.TryGetValue(Path.GetExtension(key), out var type) ? type : Default;
}
