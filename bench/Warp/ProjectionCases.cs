using System.Diagnostics;
using System.Globalization;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Aoi;
using Geopera.Clip.Activities.Raster.Native;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Bench.Warp;

/// <summary>
/// Sources in CRSs that were slow against the CLI (issue 9, category 11): a custom Albers (no EPSG
/// code, NAD83) and Goode's interrupted homolosine. Each is a 4000² 3-band DEFLATE COG with 30 m
/// pixels, clipped to a 1200 × 900 px AOI in its middle, in-process against the gdalwarp CLI with the
/// same arguments (<see cref="WarpBench.Compare"/>). Before the runs, the clip's own steps before
/// GDAL's warp are timed once each, to show where an in-process clip spends what the CLI does not.
/// </summary>
internal static class ProjectionCases
{
    public sealed record Case(string Name, string Proj4, double OriginX, double OriginY);

    public static readonly IReadOnlyList<Case> All =
    [
        // CONUS Albers spelled out (as EPSG:5070 defines it) with no authority: GDAL cannot identify it.
        new("custom-albers", "+proj=aea +lat_0=23 +lon_0=-96 +lat_1=29.5 +lat_2=45.5 +x_0=0 +y_0=0 +datum=NAD83 +units=m +no_defs", -300_000, 2_100_000),
        new("goode", "+proj=igh +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs", 1_000_000, 5_000_000),
    ];

    private const int Size = 4000;
    private const double Pixel = 30;

    public static IReadOnlyList<string> Run(Func<string, RasterClipper, string, Geometry, string, (double Ratio, bool Identical)> compare,
        RasterClipper clipper, string folder, string work)
    {
        var lines = new List<string>();
        foreach (var c in All)
        {
            var cog = EnsureCog(folder, c);
            var aoi = Aoi(c);
            TimeOwnSteps(c, cog, aoi);
            var (ratio, identical) = compare(c.Name, clipper, cog, aoi, work);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{c.Name} {ratio:0.00}x (target <= 1.5, identical {(identical ? "yes" : "NO")})"));
        }
        return lines;
    }

    /// <summary>The clip's steps before GDAL's warp, each timed once (a fresh process pays them all).</summary>
    private static void TimeOwnSteps(Case c, string cog, Geometry aoi)
    {
        using var ds = GdalDataset.Open(cog)!;
        var info = ds.Info();
        var clock = Stopwatch.StartNew();
        using (CoordinateTransformation.FromLonLat(info.CrsWkt!)) { }
        var toCrs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        using (CoordinateTransformation.ToLonLat(info.CrsWkt!)) { }
        var toLonLat = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        AoiProjector.Project(aoi, info.CrsWkt!);
        var project = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        ClipGeometry.FootprintLonLat(info);
        var footprint = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        ClipPreChecks.Plan(aoi, info, cog);
        var plan = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        OutputCrs.TargetFor(info.CrsWkt!);
        var outputCrs = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.Name}: own steps before the warp: lon/lat->CRS transformation created in {toCrs:0.0} ms, CRS->lon/lat in {toLonLat:0.0} ms; " +
            $"AOI projected {project:0.0} ms; footprint in lon/lat {footprint:0.0} ms; whole pre-check plan {plan:0.0} ms; output CRS check {outputCrs:0.0} ms"));
    }

    private static string EnsureCog(string folder, Case c)
    {
        var cog = Path.Combine(folder, $"{c.Name}_{Size}.tif");
        if (File.Exists(cog)) return cog;
        Directory.CreateDirectory(folder);
        var raw = cog + ".raw.tif";
        using (var ds = GdalUtilities.Create("GTiff", raw, Size, Size, 3, GdalDataType.Byte, ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "INTERLEAVE=PIXEL"]))
        {
            ds.SetGeoTransform([c.OriginX, Pixel, 0, c.OriginY, 0, -Pixel]);
            ds.SetProjection(Wkt(c.Proj4));
            var buffer = new double[Size * 500];
            for (var y0 = 0; y0 < Size; y0 += 500)
                for (var b = 1; b <= 3; b++)
                {
                    SyntheticCog.Fill(buffer, Size, y0, 500, b);
                    ds.Write(b, 0, y0, Size, 500, buffer);
                }
        }
        using (var source = GdalDataset.Open(raw)!)
        using (GdalUtilities.CreateCopy("COG", cog, source, ["COMPRESS=DEFLATE", "BLOCKSIZE=512"])) { }
        File.Delete(raw);
        return cog;
    }

    /// <summary>A 1200 × 900 px box (36 × 27 km) around the raster's centre, in lon/lat.</summary>
    private static Geometry Aoi(Case c)
    {
        var cx = c.OriginX + Size * Pixel / 2;
        var cy = c.OriginY - Size * Pixel / 2;
        using var toLonLat = CoordinateTransformation.ToLonLat(Wkt(c.Proj4));
        var b = toLonLat.TransformBounds(cx - 600 * Pixel, cy - 450 * Pixel, cx + 600 * Pixel, cy + 450 * Pixel)!.Value;
        var json = FormattableString.Invariant(
            $$"""{"type":"Polygon","coordinates":[[[{{b.MinX}},{{b.MinY}}],[{{b.MaxX}},{{b.MinY}}],[{{b.MaxX}},{{b.MaxY}}],[{{b.MinX}},{{b.MaxY}}],[{{b.MinX}},{{b.MinY}}]]]}""");
        return AoiValidator.Validate(json).Geometry!;
    }

    private static string Wkt(string proj4) => CoordinateTransformation.WktOf(proj4);
}
