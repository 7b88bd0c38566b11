namespace Geopera.Clip.Host.Api.TileInfo;

/// <summary>
/// Web-Mercator zoom levels for a raster, for 256-pixel tiles. Max zoom: the first level whose
/// ground resolution at the raster's centre latitude is at least as fine as the raster's pixel
/// (so the deepest tiles show every pixel without inventing detail). Min zoom: the deepest level
/// at which the whole extent still fits in one tile. Both lie in [0, 24], min ≤ max.
/// </summary>
public static class ZoomLevels
{
    public const int MaxSupportedZoom = 24;
    private const double EquatorMetresPerPixelAtZoom0 = 156_543.033_928_040_97; // 2π·6378137 / 256

    public static (int Min, int Max) For(double west, double south, double east, double north, double pixelSizeMetres)
    {
        var latitude = Math.Clamp((south + north) / 2, -85.0511, 85.0511);
        var groundAtZoom0 = EquatorMetresPerPixelAtZoom0 * Math.Cos(latitude * Math.PI / 180);
        var max = pixelSizeMetres > 0 && double.IsFinite(pixelSizeMetres)
            ? (int)Math.Ceiling(Math.Log2(groundAtZoom0 / pixelSizeMetres) - 1e-9)
            : MaxSupportedZoom;
        max = Math.Clamp(max, 0, MaxSupportedZoom);

        var span = Math.Max(Math.Abs(east - west), Math.Abs(north - south));
        var min = span > 0 ? (int)Math.Floor(Math.Log2(360 / span)) : max;
        return (Math.Clamp(min, 0, max), max);
    }

    /// <summary>The zoom a viewer opens at: two levels below the overview, within range.</summary>
    public static int Initial(int min, int max) => Math.Min(max, min + 2);
}
