namespace Geopera.Clip.Activities.Raster;

/// <summary>A CRS's name for messages: the first quoted string of its WKT (the outermost node's name).</summary>
public static class CrsName
{
    public static string Of(string? wkt) =>
        wkt is null ? "none" : wkt.Split('"') is { Length: > 1 } parts ? parts[1] : wkt;
}
