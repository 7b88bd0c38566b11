using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Workflows.Contracts;
using NetTopologySuite.Densify;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Geometry decisions of a clip, made before GDAL runs: does the AOI overlap the raster, is it
/// at least a pixel, and which cutline to hand gdalwarp (the AOI trimmed to the raster, so
/// <c>-crop_to_cutline</c> yields AOI ∩ raster rather than the AOI's whole extent).
/// </summary>
public static class ClipGeometry
{
    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), 4326);

    /// <summary>The lon/lat cutline for gdalwarp, or a non-retryable failure saying why there is none.</summary>
    public static Geometry Cutline(Geometry aoiLonLat, RasterInfo info, string sourcePath)
    {
        var projected = AoiProjector.Project(aoiLonLat, info.CrsWkt!)
            ?? throw Outside($"The AOI cannot be expressed in the CRS of {sourcePath} (outside the projection's area of use).");
        var footprint = Footprint(info);
        var overlap = footprint.Intersects(projected) ? footprint.Intersection(projected) : null;
        if (overlap is null || overlap.Area <= 0)
            throw Outside($"The AOI does not overlap the raster {sourcePath} (raster bounds {FormatBounds(info)} in its CRS). Check the AOI or pick another asset.");

        var gt = info.GeoTransform!;
        double pixelX = Math.Abs(gt[1]) + Math.Abs(gt[2]), pixelY = Math.Abs(gt[4]) + Math.Abs(gt[5]);
        var extent = overlap.EnvelopeInternal;
        if (extent.Width < pixelX || extent.Height < pixelY)
            throw new ClipFailure(ClipErrors.InvalidAoi, FormattableString.Invariant(
                $"The AOI covers less than one pixel of {sourcePath} ({extent.Width:0.###} × {extent.Height:0.###} against pixels of {pixelX:0.###} × {pixelY:0.###} in the raster's CRS units). Enlarge the AOI."), false);

        var footprintLonLat = FootprintLonLat(info);
        if (footprintLonLat is null || footprintLonLat.Covers(aoiLonLat)) return aoiLonLat;
        var trimmed = Polygons(aoiLonLat.Intersection(footprintLonLat));
        return trimmed ?? throw Outside($"The AOI only touches the edge of the raster {sourcePath}.");
    }

    /// <summary>The raster's footprint in its own CRS: the polygon through its four corners.</summary>
    public static Polygon Footprint(RasterInfo info)
    {
        var gt = info.GeoTransform!;
        Coordinate Corner(double col, double row) => new(gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]);
        var ring = new[] { Corner(0, 0), Corner(0, info.Height), Corner(info.Width, info.Height), Corner(info.Width, 0), Corner(0, 0) };
        return new GeometryFactory().CreatePolygon(ring);
    }

    /// <summary>The footprint in lon/lat, with 200 points per edge so its curved edges stay within a
    /// fraction of a pixel; null when it cannot be transformed (then the AOI is used untrimmed).</summary>
    public static Geometry? FootprintLonLat(RasterInfo info)
    {
        var footprint = Footprint(info);
        var dense = Densifier.Densify(footprint, footprint.EnvelopeInternal.Diameter / 200);
        var coords = dense.Coordinates;
        var xs = coords.Select(c => c.X).ToArray();
        var ys = coords.Select(c => c.Y).ToArray();
        using (var transform = CoordinateTransformation.ToLonLat(info.CrsWkt!))
            if (!transform.Transform(xs, ys)) return null;
        var ring = LonLat.CreateLinearRing(xs.Zip(ys, (x, y) => new Coordinate(x, y)).ToArray());
        var polygon = LonLat.CreatePolygon(ring);
        return polygon.IsValid ? polygon : null;
    }

    private static Geometry? Polygons(Geometry geometry)
    {
        var polygons = Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN)
            .OfType<Polygon>().Where(p => p.Area > 0).ToArray();
        return polygons.Length switch
        {
            0 => null,
            1 => polygons[0],
            _ => LonLat.CreateMultiPolygon(polygons),
        };
    }

    private static ClipFailure Outside(string message) => new(ClipErrors.AoiOutsideRaster, message, false);

    private static string FormatBounds(RasterInfo info) =>
        info.Bounds() is { } b ? FormattableString.Invariant($"[{b.MinX:0.###}, {b.MinY:0.###}, {b.MaxX:0.###}, {b.MaxY:0.###}]") : "unknown";
}
