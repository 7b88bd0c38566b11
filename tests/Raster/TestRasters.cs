using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Tests.Raster;

/// <summary>What a synthetic test raster looks like.</summary>
public sealed record RasterSpec(
    string Name,
    int Epsg,
    int Bands = 1,
    GdalDataType Type = GdalDataType.Byte,
    double? NoData = null,
    int Width = 300,
    int Height = 240,
    GdalColorInterp[]? ColorInterps = null,
    double[]? Transform = null,
    string? Wkt = null)
{
    /// <summary>GDAL's geotransform of the raster: <see cref="Transform"/> when given, else north-up square pixels on <see cref="Grid"/>.</summary>
    public double[] GeoTransform => Transform ?? [Grid.X, Grid.Pixel, 0, Grid.Y, 0, -Grid.Pixel];

    /// <summary>Origin and pixel size near 15°E 45°N in each supported CRS.</summary>
    public (double X, double Y, double Pixel) Grid => Epsg switch
    {
        4326 => (15.0, 45.2, 0.0001),
        3857 => (1_669_792.0, 5_654_000.0, 10.0),
        _ => (500_000.0, 5_000_000.0, 10.0), // UTM zones
    };
}

/// <summary>Synthesizes small rasters with GDAL: distinct, non-constant values per pixel and band
/// (never equal to the nodata value), written as a COG like the real assets.</summary>
public static class TestRasters
{
    /// <summary>A COG whose per-dataset mask (an internal mask band) masks the pixels <paramref name="masked"/> says.</summary>
    public static string CreateWithInternalMask(string directory, RasterSpec spec, Func<int, int, bool> masked) =>
        Create(directory, spec, masked);

    /// <summary>A COG with a <c>.msk</c> side-car (GDAL's external per-dataset mask) masking what <paramref name="masked"/> says.</summary>
    public static string CreateWithSidecarMask(string directory, RasterSpec spec, Func<int, int, bool> masked)
    {
        var path = Create(directory, spec);
        using var msk = GdalUtilities.Create("GTiff", path + ".msk", spec.Width, spec.Height, 1, GdalDataType.Byte, ["COMPRESS=DEFLATE"]);
        // What GDAL itself writes into a .msk: which bands the mask serves (band 1 = per-dataset).
        msk.SetMetadataItem("INTERNAL_MASK_FLAGS_1", "2");
        msk.Write(1, 0, 0, spec.Width, spec.Height, MaskValues(spec, masked));
        return path;
    }

    public static string Create(string directory, RasterSpec spec) => Create(directory, spec, null);

    private static string Create(string directory, RasterSpec spec, Func<int, int, bool>? internalMask)
    {
        var path = Path.Combine(directory, spec.Name + ".tif");
        using (var mem = GdalUtilities.Create("MEM", "", spec.Width, spec.Height, spec.Bands, spec.Type))
        {
            mem.SetGeoTransform(spec.GeoTransform);
            mem.SetProjection(spec.Wkt ?? CoordinateTransformation.EpsgWkt(spec.Epsg));
            for (var b = 1; b <= spec.Bands; b++)
            {
                mem.Write(b, 0, 0, spec.Width, spec.Height, Values(spec, b));
                if (spec.NoData is { } nd) mem.SetNoData(b, nd);
                if (spec.ColorInterps is { } ci) mem.SetColorInterp(b, ci[b - 1]);
            }
            if (internalMask is not null)
            {
                mem.CreateDatasetMask(); // the COG driver writes it as the file's internal mask
                mem.WriteMask(MaskValues(spec, internalMask));
            }
            // The COG driver's default overview resampling (cubic) refuses complex data.
            string[] options = spec.Type.IsComplex() ? ["COMPRESS=DEFLATE", "BLOCKSIZE=256", "OVERVIEW_RESAMPLING=NEAREST"] : ["COMPRESS=DEFLATE", "BLOCKSIZE=256"];
            using var cog = GdalUtilities.CreateCopy("COG", path, mem, options);
        }
        return path;
    }

    /// <summary>The value every pixel of a band gets: a pattern with no two neighbours equal.</summary>
    public static double Value(RasterSpec spec, int band, int col, int row)
    {
        var v = (col * 7 + row * 13 + band * 31) % 200 + 1; // 1..200, never 0 (a common nodata)
        return spec.Type switch
        {
            GdalDataType.Byte => v,
            GdalDataType.UInt16 => v * 300,
            _ => v * 1.25 - 40,
        };
    }

    private static double[] MaskValues(RasterSpec spec, Func<int, int, bool> masked)
    {
        var values = new double[spec.Width * spec.Height];
        for (var row = 0; row < spec.Height; row++)
            for (var col = 0; col < spec.Width; col++)
                values[row * spec.Width + col] = masked(col, row) ? 0 : 255;
        return values;
    }

    private static double[] Values(RasterSpec spec, int band)
    {
        var values = new double[spec.Width * spec.Height];
        for (var row = 0; row < spec.Height; row++)
            for (var col = 0; col < spec.Width; col++)
                values[row * spec.Width + col] = Value(spec, band, col, row);
        return values;
    }

    /// <summary>The raster's bounds in lon/lat.</summary>
    public static (double West, double South, double East, double North) LonLatBounds(string path)
    {
        using var ds = GdalDataset.Open(path) ?? throw new InvalidOperationException(path);
        var info = ds.Info();
        var b = info.Bounds()!.Value;
        using var t = CoordinateTransformation.ToLonLat(info.CrsWkt!);
        return t.TransformBounds(b.MinX, b.MinY, b.MaxX, b.MaxY)!.Value;
    }
}
