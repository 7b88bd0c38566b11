using System.Globalization;
using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// The gdal_translate arguments of a quicklook PNG, as a pure function of the output raster: the
/// RGB bands when the raster has them (else the first band), its alpha band if any, the long side
/// at most <c>maxSize</c> pixels, and non-Byte bands stretched from their min/max to 0–255.
/// </summary>
public static class QuicklookPlan
{
    public static IReadOnlyList<string> Build(RasterInfo info, Func<int, BandStatistics> statistics, int maxSize)
    {
        var (width, height) = Size(info.Width, info.Height, maxSize);
        var args = new List<string> { "-of", "PNG", "-ot", "Byte", "-outsize", Int(width), Int(height), "-r", "average" };
        var bands = Bands(info);
        var byteData = info.Bands.All(b => b.DataType == GdalDataType.Byte);
        for (var i = 0; i < bands.Count; i++)
        {
            args.AddRange(["-b", Int(bands[i])]);
            if (byteData) continue;
            var s = statistics(bands[i]);
            var max = s.Max > s.Min ? s.Max : s.Min + 1;
            var from = info.Bands[bands[i] - 1].ColorInterp == GdalColorInterp.Alpha ? 0 : s.Min;
            args.AddRange([$"-scale_{i + 1}", Num(from), Num(max), "0", "255"]);
        }
        return args;
    }

    /// <summary>Band numbers (1-based) to show.</summary>
    public static IReadOnlyList<int> Bands(RasterInfo info)
    {
        int Find(GdalColorInterp interp) => info.Bands.Select((b, i) => (b, i)).FirstOrDefault(x => x.b.ColorInterp == interp, (null!, -1)).Item2 + 1;
        int red = Find(GdalColorInterp.Red), green = Find(GdalColorInterp.Green), blue = Find(GdalColorInterp.Blue);
        List<int> bands = red > 0 && green > 0 && blue > 0 ? [red, green, blue]
            : info.Bands.Count >= 3 && info.Bands.Take(3).All(b => b.ColorInterp != GdalColorInterp.Alpha) ? [1, 2, 3]
            : [1];
        var alpha = Find(GdalColorInterp.Alpha);
        if (alpha > 0 && !bands.Contains(alpha)) bands.Add(alpha);
        return bands;
    }

    /// <summary>Output size keeping the aspect ratio, long side ≤ <paramref name="maxSize"/>, never upscaled.</summary>
    public static (int Width, int Height) Size(int width, int height, int maxSize)
    {
        var scale = Math.Min(1.0, (double)maxSize / Math.Max(width, height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
