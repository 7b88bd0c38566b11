using Geopera.Clip.Activities.Geodesy;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Workflows.Contracts;
using NetTopologySuite.Densify;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Geometry decisions of a clip, made before GDAL runs: does the AOI overlap the raster, is it
/// at least a pixel, which cutline to hand gdalwarp (the AOI trimmed to the raster) and which
/// output window (<see cref="WarpWindow"/>: whole source pixels covering AOI ∩ raster).
/// </summary>
/// <summary>What a clip hands gdalwarp: the lon/lat cutline and the output window.</summary>
public sealed record ClipPlan(Geometry CutlineLonLat, WarpWindow Window);

public static class ClipGeometry
{
    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), 4326);

    /// <summary>The lon/lat cutline and the output window for gdalwarp, or a non-retryable failure
    /// saying why there are none.</summary>
    public static ClipPlan Plan(Geometry aoiLonLat, RasterInfo info, string sourcePath)
    {
        var projected = OnRasterCrs(info, sourcePath, () => AoiProjector.Project(aoiLonLat, info.CrsWkt!))
            ?? throw Outside($"The AOI cannot be expressed in the CRS of {sourcePath} (outside the projection's area of use).");
        var footprint = Footprint(info);
        var overlap = footprint.Intersects(projected) ? footprint.Intersection(projected) : null;
        if (overlap is null || overlap.Area <= 0)
            throw Outside($"The AOI does not overlap the raster {sourcePath} (raster bounds {FormatBounds(info)} in its CRS). Check the AOI or pick another asset.");

        var gt = info.GeoTransform!;
        var window = WarpWindow.Covering(overlap.EnvelopeInternal, gt);
        var extent = overlap.EnvelopeInternal;
        // The overlap must span a pixel each way and hold a pixel centre: GDAL's cutline keeps only
        // pixels whose centre it contains, so anything less would be an all-masked output.
        if (extent.Width < window.PixelWidth || extent.Height < window.PixelHeight || !PixelCentres.AnyInside(ToPixels(overlap, gt)))
            throw new ClipFailure(ClipErrors.InvalidAoi, FormattableString.Invariant(
                $"The AOI covers less than one pixel of {sourcePath}: its part over the raster spans {extent.Width:G6} × {extent.Height:G6} against pixels of {window.PixelWidth:G6} × {window.PixelHeight:G6} (raster CRS units), which leaves no pixel whose centre it holds. Enlarge the AOI to at least one pixel each way."), false);

        var footprintLonLat = OnRasterCrs(info, sourcePath, () => FootprintLonLat(info));
        if (footprintLonLat is null || footprintLonLat.Covers(aoiLonLat)) return new ClipPlan(aoiLonLat, window);
        var trimmed = Polygons(aoiLonLat.Intersection(footprintLonLat));
        return new ClipPlan(trimmed ?? throw Outside($"The AOI only touches the edge of the raster {sourcePath}."), window);
    }

    /// <summary>A geometry in the raster's CRS mapped to its pixel coordinates (x = column, y = row).</summary>
    public static Geometry ToPixels(Geometry crsGeometry, double[] gt)
    {
        var det = gt[1] * gt[5] - gt[2] * gt[4];
        var pixels = crsGeometry.Copy();
        pixels.Apply(new AffineFilter((x, y) => ((gt[5] * (x - gt[0]) - gt[2] * (y - gt[3])) / det, (-gt[4] * (x - gt[0]) + gt[1] * (y - gt[3])) / det)));
        pixels.GeometryChanged();
        return pixels;
    }

    /// <summary>Runs a step that transforms between the raster's CRS and WGS 84. PROJ has no such
    /// transformation for rasters of other celestial bodies or engineering (LOCAL_CS) CRSs: that is
    /// the raster's property, not a transient fault, so it is refused for good, naming the CRS.</summary>
    private static T OnRasterCrs<T>(RasterInfo info, string sourcePath, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (GdalException e)
        {
            throw ClipFailure.InvalidRaster(
                $"The source raster {sourcePath} is in the CRS \"{CrsName.Of(info.CrsWkt)}\", which cannot be transformed to or from WGS 84 (EPSG:4326) ({e.Message.TrimEnd('.')}), "
                + "so an AOI given in EPSG:4326 cannot be placed on it. Rasters of other celestial bodies and engineering (local) CRSs cannot be clipped by a lon/lat AOI; reproject the asset to an Earth CRS first.");
        }
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
    /// fraction of a pixel, cut at ±180° when it crosses the antimeridian; null when it cannot be
    /// transformed (then the AOI is used untrimmed).</summary>
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
        // A raster across the antimeridian (UTM zone 60 or 1 over ±180°) has corners on both sides:
        // traced as is, its footprint would be the rest of the world, the AOI would not be trimmed
        // and the output would reach past the raster. Cut like the AOI, it trims to AOI ∩ raster.
        return Antimeridian.SplitFootprint(LonLat.CreatePolygon(ring));
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

    private sealed class AffineFilter(Func<double, double, (double X, double Y)> map) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = map(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }

    private static ClipFailure Outside(string message) => new(ClipErrors.AoiOutsideRaster, message, false);

    private static string FormatBounds(RasterInfo info) =>
        info.Bounds() is { } b ? FormattableString.Invariant($"[{b.MinX:0.###}, {b.MinY:0.###}, {b.MaxX:0.###}, {b.MaxY:0.###}]") : "unknown";
}
