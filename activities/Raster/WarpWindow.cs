using System.Globalization;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// The output grid of a clip, chosen here rather than by gdalwarp so that the output keeps the
/// source's grid: same CRS, same pixel width and height (gdalwarp alone picks square pixels), edges
/// on the source's pixel edges. Passed to gdalwarp as <c>-te</c>/<c>-tr</c>, whose pixel count
/// (extent ÷ resolution, rounded) is then exactly <see cref="Columns"/> × <see cref="Rows"/>: the
/// pre-checks and GDAL agree on the window. A rotated or sheared source comes out north-up with
/// pixels as wide and tall as the source's pixel sides, on a grid anchored at the source's origin.
/// </summary>
public sealed record WarpWindow(double MinX, double MaxY, double PixelWidth, double PixelHeight, int Columns, int Rows)
{
    // Coordinates computed through a projection carry float noise: a window edge within a
    // millionth of a pixel of a grid line is on it (no extra column of nothing).
    private const double Snap = 1e-6;

    public double MaxX => MinX + Columns * PixelWidth;
    public double MinY => MaxY - Rows * PixelHeight;

    /// <summary>The window of whole source-grid pixels covering <paramref name="overlap"/> (AOI ∩
    /// raster, in the raster's CRS). <paramref name="gt"/> is GDAL's geotransform.</summary>
    public static WarpWindow Covering(Envelope overlap, double[] gt)
    {
        var northUp = gt[2] == 0 && gt[4] == 0;
        var pixelWidth = northUp ? Math.Abs(gt[1]) : Math.Sqrt(gt[1] * gt[1] + gt[4] * gt[4]);
        var pixelHeight = northUp ? Math.Abs(gt[5]) : Math.Sqrt(gt[2] * gt[2] + gt[5] * gt[5]);
        // Grid lines: x = gt0 + i·width, y = gt3 - j·height (for a south-up source gt3 is still a grid line).
        var col0 = Math.Floor((overlap.MinX - gt[0]) / pixelWidth + Snap);
        var col1 = Math.Ceiling((overlap.MaxX - gt[0]) / pixelWidth - Snap);
        var row0 = Math.Floor((gt[3] - overlap.MaxY) / pixelHeight + Snap);
        var row1 = Math.Ceiling((gt[3] - overlap.MinY) / pixelHeight - Snap);
        return new WarpWindow(gt[0] + col0 * pixelWidth, gt[3] - row0 * pixelHeight, pixelWidth, pixelHeight,
            (int)Math.Max(1, col1 - col0), (int)Math.Max(1, row1 - row0));
    }

    /// <summary>gdalwarp's <c>-te xmin ymin xmax ymax -tr xres yres</c> for this window.</summary>
    public IReadOnlyList<string> Arguments() =>
        ["-te", Num(MinX), Num(MinY), Num(MaxX), Num(MaxY), "-tr", Num(PixelWidth), Num(PixelHeight)];

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
