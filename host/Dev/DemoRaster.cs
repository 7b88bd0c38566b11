using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Host.Dev;

/// <summary>
/// The demo source item: a 3-band RGB COG over Sydney harbour (UTM 56S, 2 m pixels), with smooth
/// terrain-like content so clips and quicklooks look like imagery rather than noise.
/// </summary>
public static class DemoRaster
{
    public const int Size = 2048;
    public const double PixelMetres = 2.0;
    public const int Epsg = 32756;
    private const double OriginEasting = 332_400;
    private const double OriginNorthing = 6_255_600;

    /// <summary>The raster's footprint as a lon/lat GeoJSON polygon, for the item record.</summary>
    public static double[][] FootprintRing()
    {
        using var toLonLat = CoordinateTransformation.ToLonLat(CoordinateTransformation.EpsgWkt(Epsg));
        var extent = Size * PixelMetres;
        double[] xs = [OriginEasting, OriginEasting + extent, OriginEasting + extent, OriginEasting, OriginEasting];
        double[] ys = [OriginNorthing - extent, OriginNorthing - extent, OriginNorthing, OriginNorthing, OriginNorthing - extent];
        if (!toLonLat.Transform(xs, ys))
            throw new InvalidOperationException("Could not transform the demo raster's corners to lon/lat.");
        return [.. xs.Select((x, i) => new[] { Math.Round(x, 6), Math.Round(ys[i], 6) })];
    }

    public static void Write(string path)
    {
        using var mem = GdalUtilities.Create("MEM", "", Size, Size, 3, GdalDataType.Byte);
        mem.SetGeoTransform([OriginEasting, PixelMetres, 0, OriginNorthing, 0, -PixelMetres]);
        mem.SetProjection(CoordinateTransformation.EpsgWkt(Epsg));
        var interps = new[] { GdalColorInterp.Red, GdalColorInterp.Green, GdalColorInterp.Blue };
        for (var band = 1; band <= 3; band++)
        {
            mem.Write(band, 0, 0, Size, Size, BandValues(band));
            mem.SetColorInterp(band, interps[band - 1]);
        }
        using var cog = GdalUtilities.CreateCopy("COG", path, mem, ["COMPRESS=DEFLATE", "BLOCKSIZE=512"]);
    }

    private static double[] BandValues(int band)
    {
        var values = new double[Size * Size];
        for (var row = 0; row < Size; row++)
        for (var col = 0; col < Size; col++)
        {
            double x = col / (double)Size, y = row / (double)Size;
            var height = Math.Sin(x * 9.1 + Math.Cos(y * 4.3)) + Math.Cos(y * 11.7 - x * 3.1) * 0.6 + Math.Sin((x + y) * 31) * 0.15;
            var water = height < -0.35;
            var level = water ? (band == 3 ? 150 + height * 40 : 60 + height * 20) : 110 + height * 55 + band * (band == 2 ? 12 : -8);
            values[row * Size + col] = Math.Clamp(level + ((col * 31 + row * 17 + band * 7) % 9), 1, 255);
        }
        return values;
    }
}
