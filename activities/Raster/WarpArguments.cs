using System.Globalization;
using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// The gdalwarp arguments of a clip, as a pure function of the source raster, so the in-process
/// warp and the <c>gdalwarp</c> CLI (tests, benchmark) run exactly the same thing.
/// </summary>
public static class WarpArguments
{
    /// <summary>Creation options of the output COG: tiled 512², DEFLATE, internal overviews
    /// (generated while the image is larger than a tile), compression on all CPUs.</summary>
    public static readonly IReadOnlyList<string> CogCreationOptions =
        ["COMPRESS=DEFLATE", "BLOCKSIZE=512", "OVERVIEWS=AUTO", "BIGTIFF=IF_SAFER", "NUM_THREADS=ALL_CPUS"];

    /// <param name="source">The source raster.</param>
    /// <param name="cutlinePath">GeoJSON of the AOI in lon/lat (GeoJSON's only CRS): gdalwarp
    /// transforms it into the source's CRS itself. GDAL 3.6 has no <c>-cutline_srs</c> and a
    /// GeoJSON file cannot carry an arbitrary WKT, so lon/lat is the one CRS that always round-trips.</param>
    public static IReadOnlyList<string> Build(RasterInfo source, string cutlinePath)
    {
        // -ovr NONE: warp from full resolution only. Otherwise the warped dataset exposes the source's
        // overviews and the COG driver builds the output's overviews from them, reading one or two
        // extra tiles per source level (measured: 2.4x the bytes of the tiles the AOI touches).
        var args = new List<string> { "-cutline", cutlinePath, "-crop_to_cutline", "-ovr", "NONE", "-of", "COG" };
        foreach (var option in CogCreationOptions) args.AddRange(["-co", option]);
        args.AddRange(Masking(source));
        return args;
    }

    /// <summary>How pixels outside the AOI are marked: the source's nodata when every band has one,
    /// nothing extra when the source carries its own alpha band (gdalwarp keeps and fills it),
    /// else a new alpha band.</summary>
    public static IReadOnlyList<string> Masking(RasterInfo source)
    {
        if (source.Bands.Count > 0 && source.Bands.All(b => b.NoData.HasValue))
            return ["-dstnodata", string.Join(' ', source.Bands.Select(b => Format(b.NoData!.Value)))];
        if (source.Bands.Count > 0 && source.Bands[^1].ColorInterp == GdalColorInterp.Alpha)
            return [];
        return ["-dstalpha"];
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "nan" : value.ToString("R", CultureInfo.InvariantCulture);
}
