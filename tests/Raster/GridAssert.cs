using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Compares a clip output with its source through their geotransforms: each unmasked output
/// pixel must hold the values of the source pixel under its centre (nearest neighbour, no resampling).</summary>
public static class GridAssert
{
    /// <summary>Returns (output pixels whose values equal the source pixel under their centre, unmasked pixels).</summary>
    public static (int Equal, int Unmasked) ValuesFollowSource(string output, string source)
    {
        using var outDs = GdalDataset.Open(output)!;
        using var srcDs = GdalDataset.Open(source)!;
        var o = outDs.Info();
        var s = srcDs.Info();
        var colourBands = s.Bands.Count(b => b.ColorInterp != GdalColorInterp.Alpha);
        var outBands = Enumerable.Range(1, o.Bands.Count).Select(b => outDs.Read(b, 0, 0, o.Width, o.Height)).ToArray();
        var srcBands = Enumerable.Range(1, colourBands).Select(b => srcDs.Read(b, 0, 0, s.Width, s.Height)).ToArray();
        var ogt = o.GeoTransform!;
        var sgt = s.GeoTransform!;
        var det = sgt[1] * sgt[5] - sgt[2] * sgt[4];
        var alpha = o.Bands[^1].ColorInterp == GdalColorInterp.Alpha ? outBands[^1] : null;
        int equal = 0, unmasked = 0;
        for (var row = 0; row < o.Height; row++)
            for (var col = 0; col < o.Width; col++)
            {
                var i = row * o.Width + col;
                if (IsMasked(o, outBands, alpha, i)) continue;
                unmasked++;
                double x = ogt[0] + (col + 0.5) * ogt[1] + (row + 0.5) * ogt[2], y = ogt[3] + (col + 0.5) * ogt[4] + (row + 0.5) * ogt[5];
                var sc = (int)Math.Floor((sgt[5] * (x - sgt[0]) - sgt[2] * (y - sgt[3])) / det);
                var sr = (int)Math.Floor((-sgt[4] * (x - sgt[0]) + sgt[1] * (y - sgt[3])) / det);
                if (sc < 0 || sr < 0 || sc >= s.Width || sr >= s.Height) continue;
                if (Enumerable.Range(0, colourBands).All(b => outBands[b][i] == srcBands[b][sr * s.Width + sc])) equal++;
            }
        return (equal, unmasked);
    }

    /// <summary>Masked by the output's own scheme: alpha 0 when it has an alpha band, else band 1 at its nodata value.</summary>
    public static bool IsMasked(RasterInfo info, double[][] bands, double[]? alpha, int index) =>
        alpha is not null ? alpha[index] == 0 : info.Bands[0].NoData is { } nd && bands[0][index] == nd;

    /// <summary>The output grid is the source grid: same pixel size, edges on source pixel edges.</summary>
    public static void SameGrid(RasterInfo output, double[] sourceGt)
    {
        var gt = output.GeoTransform!;
        Assert.Equal(sourceGt[1], gt[1], 9);
        Assert.Equal(sourceGt[5], gt[5], 9);
        var colOffset = (gt[0] - sourceGt[0]) / sourceGt[1];
        var rowOffset = (gt[3] - sourceGt[3]) / sourceGt[5];
        Assert.Equal(Math.Round(colOffset), colOffset, 6);
        Assert.Equal(Math.Round(rowOffset), rowOffset, 6);
    }
}
