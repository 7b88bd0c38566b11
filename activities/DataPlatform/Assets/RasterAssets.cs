namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>Which assets are rasters to clip: media type <c>image/tiff</c> with any parameters (e.g.
/// <c>image/tiff; application=geotiff; profile=cloud-optimized</c>), or an href whose path ends in
/// <c>.tif</c>/<c>.tiff</c>. Thumbnails (png, jpeg), metadata (json, xml) and the like are not.</summary>
public static class RasterAssets
{
    public static bool IsRaster(string? mediaType, string? href)
    {
        if (mediaType is not null)
        {
            var essence = mediaType.Split(';', 2)[0].Trim();
            if (essence.Equals("image/tiff", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        if (string.IsNullOrEmpty(href))
            return false;
        var path = href.Split('?', 2)[0].Split('#', 2)[0];
        return path.EndsWith(".tif", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tiff", StringComparison.OrdinalIgnoreCase);
    }
}
