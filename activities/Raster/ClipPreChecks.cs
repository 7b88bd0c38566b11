using Geopera.Clip.Activities.Raster.Native;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Everything a clip decides from the source's header alone, before any pixel is read: the raster
/// is georeferenced and has bands, its CRS relates to WGS 84, the AOI overlaps it and holds a pixel
/// centre (<see cref="ClipGeometry.Plan"/>). The warp and admission both call this, so a request
/// admission lets through is one the warp accepts, and a refusal reads the same at both.
/// </summary>
public static class ClipPreChecks
{
    /// <param name="aoiLonLat">The AOI in EPSG:4326 longitude/latitude.</param>
    /// <param name="info">The source raster's header.</param>
    /// <param name="sourceName">How messages name the source: its path in a warp, the asset at admission.</param>
    public static ClipPlan Plan(Geometry aoiLonLat, RasterInfo info, string sourceName)
    {
        if (info.CrsWkt is null || info.GeoTransform is null)
            throw ClipFailure.InvalidRaster($"The source raster {sourceName} has no CRS or georeferencing (no geotransform with a CRS, no ground control points with a CRS, no RPCs), so an AOI cannot be placed on it.");
        if (info.Bands.Count == 0) throw ClipFailure.InvalidRaster($"The source raster {sourceName} has no bands.");
        return ClipGeometry.Plan(aoiLonLat, info, sourceName);
    }
}
