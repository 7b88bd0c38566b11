using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Bench.Warp;

/// <summary>
/// A 16000 × 16000, 3-band Byte, DEFLATE COG in UTM 56S with 5 m pixels (as in the measured notes),
/// with terrain-like content (overlapping waves plus per-pixel noise) so tiles compress like
/// imagery, not like a constant. Built once and cached under the temp folder between runs.
/// </summary>
internal static class SyntheticCog
{
    public const int Size = 16000;
    public const double Pixel = 5;
    public const double OriginX = 300_000, OriginY = 6_300_000;
    public const int Epsg = 32756;

    public static string EnsureExists(string folder)
    {
        var cog = Path.Combine(folder, $"synthetic_{Size}.tif");
        if (File.Exists(cog)) return cog;
        Directory.CreateDirectory(folder);
        var raw = Path.Combine(folder, "synthetic_raw.tif");
        Console.WriteLine($"synthesizing {Size}x{Size} 3-band COG at {cog} (once; cached for later runs)...");
        using (var ds = GdalUtilities.Create("GTiff", raw, Size, Size, 3, GdalDataType.Byte, ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "INTERLEAVE=PIXEL"]))
        {
            ds.SetGeoTransform([OriginX, Pixel, 0, OriginY, 0, -Pixel]);
            ds.SetProjection(CoordinateTransformation.EpsgWkt(Epsg));
            for (var b = 1; b <= 3; b++) ds.SetColorInterp(b, (GdalColorInterp)((int)GdalColorInterp.Red + b - 1));
            const int strip = 512;
            for (var y0 = 0; y0 < Size; y0 += strip)
            {
                var rows = Math.Min(strip, Size - y0);
                var buffer = new double[Size * rows];
                for (var b = 1; b <= 3; b++)
                {
                    Fill(buffer, Size, y0, rows, b);
                    ds.Write(b, 0, y0, Size, rows, buffer);
                }
            }
        }
        using (var source = GdalDataset.Open(raw)!)
        using (GdalUtilities.CreateCopy("COG", cog + ".tmp", source, ["COMPRESS=DEFLATE", "BLOCKSIZE=512", "NUM_THREADS=ALL_CPUS"])) { }
        File.Move(cog + ".tmp", cog);
        File.Delete(raw);
        return cog;
    }

    /// <summary>Rows <paramref name="y0"/>.. of one band of a <paramref name="width"/>-wide raster.</summary>
    internal static void Fill(double[] buffer, int width, int y0, int rows, int band)
    {
        Parallel.For(0, rows, r =>
        {
            var y = y0 + r;
            uint state = (uint)(y * 747796405 + band * 2891336453);
            for (var x = 0; x < width; x++)
            {
                state = state * 1664525 + 1013904223;
                var noise = (state >> 24) / 255.0 - 0.5;
                var terrain = Math.Sin(x / 370.0 + band) * Math.Cos(y / 290.0) * 60 + Math.Sin((x + y) / 53.0) * 25 + Math.Cos(x / 17.0 - y / 23.0) * 10;
                buffer[r * width + x] = Math.Clamp(120 + band * 15 + terrain + noise * 30, 0, 255);
            }
        });
    }
}
