using System.Globalization;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>The output keeps the source's grid (non-square pixels, alignment), rotated sources come
/// out north-up at their pixel size, and thin AOIs get the window GDAL warps or a clear refusal.</summary>
public sealed class SourceGridTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Non_square_pixels_keep_their_width_height_and_alignment()
    {
        // 417 × 640 m pixels: gdalwarp alone makes them 528 × 526 m, dropping columns and repeating rows.
        var spec = new RasterSpec("nonsquare", 32633, 2, Width: 200, Height: 150, Transform: [500_000, 417, 0, 5_000_000, 0, -640]);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.21, 0.17, 0.73, 0.81);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        GridAssert.SameGrid(result.Output, spec.GeoTransform);
        Assert.Equal(result.Source.CrsWkt, result.Output.CrsWkt);
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), source);
        Assert.True(unmasked > 1000, $"only {unmasked} unmasked pixels");
        Assert.Equal(unmasked, equal);
        // Every source column and row under the AOI appears exactly once: the output spans as many pixels as the AOI covers.
        var b = result.Output.Bounds()!.Value;
        Assert.Equal(result.Output.Width, (int)Math.Round((b.MaxX - b.MinX) / 417));
        Assert.Equal(result.Output.Height, (int)Math.Round((b.MaxY - b.MinY) / 640));
    }

    [Fact]
    public void Rotated_source_comes_out_north_up_at_its_pixel_size()
    {
        // 10 m pixels rotated by 30°: x = x0 + col·8.66 + row·5, y = y0 + col·5 − row·8.66.
        double c = 10 * Math.Cos(Math.PI / 6), s = 10 * Math.Sin(Math.PI / 6);
        var spec = new RasterSpec("rotated", 32633, 1, Width: 300, Height: 240, Transform: [500_000, c, s, 5_000_000, s, -c]);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.3, 0.3, 0.7, 0.7);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        var gt = result.Output.GeoTransform!;
        Assert.Equal((0.0, 0.0), (gt[2], gt[4]));
        Assert.Equal(10, gt[1], 9);
        Assert.Equal(-10, gt[5], 9);
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), source);
        Assert.True(unmasked > 1000, $"only {unmasked} unmasked pixels");
        Assert.True(equal >= unmasked * 0.995, $"{unmasked - equal} of {unmasked} pixels differ from the source pixel under their centre");
    }

    [Fact]
    public void Aoi_just_over_a_pixel_wide_straddling_pixel_edges_is_clipped_to_the_window_gdal_warps()
    {
        var spec = new RasterSpec("thin", 4326, 1, Width: 100, Height: 100);
        var source = TestRasters.Create(_dir.Path, spec);
        // Columns 10.6 to 11.8 and rows 20.3 to 60.7: the strip covers pixel centres of column 11 only.
        var aoi = PixelBox(spec, 10.6, 20.3, 11.8, 60.7);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Equal((2, 41), (result.Output.Width, result.Output.Height)); // columns 10–11, rows 20–60
        GridAssert.SameGrid(result.Output, spec.GeoTransform);
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), source);
        Assert.Equal(41, unmasked); // column 11, rows 20–60: the pixels whose centre the strip holds
        Assert.Equal(unmasked, equal);
    }

    [Fact]
    public void Aoi_spanning_pixels_but_holding_no_pixel_centre_is_an_invalid_aoi_naming_its_size()
    {
        var spec = new RasterSpec("sliver", 4326, 1, Width: 100, Height: 100);
        var source = TestRasters.Create(_dir.Path, spec);
        // A diagonal band between row = col + 0.1 and row = col + 0.3: 2 × 2.2 pixels, yet every pixel
        // centre (i + ½, j + ½) has row − col integral, so none lies inside.
        var aoi = PixelPolygon(spec, (10, 10.1), (10, 10.3), (12, 12.3), (12, 12.1), (10, 10.1));

        var failure = Assert.Throws<ClipFailure>(() => ClipFixture.Clip(source, aoi, _dir.File("out.tif")));

        Assert.Equal(ClipErrors.InvalidAoi, failure.Code);
        Assert.False(failure.Retryable);
        Assert.Contains("less than one pixel", failure.Message);
        Assert.Contains("0.0001 × 0.0001", failure.Message); // names the pixel size
        Assert.False(File.Exists(_dir.File("out.tif")));
    }

    [Fact]
    public void Pixel_centre_test_follows_the_centre_rule()
    {
        var reader = new NetTopologySuite.IO.WKTReader();
        Assert.True(PixelCentres.AnyInside(reader.Read("POLYGON((10.4 3.4, 10.6 3.4, 10.6 3.6, 10.4 3.6, 10.4 3.4))")));
        Assert.False(PixelCentres.AnyInside(reader.Read("POLYGON((10.6 3.0, 11.4 3.0, 11.4 9.0, 10.6 9.0, 10.6 3.0))")));
        // A hole around the only centre leaves none.
        Assert.False(PixelCentres.AnyInside(reader.Read("POLYGON((10.1 3.1, 10.9 3.1, 10.9 3.9, 10.1 3.9, 10.1 3.1),(10.3 3.3, 10.7 3.3, 10.7 3.7, 10.3 3.7, 10.3 3.3))")));
    }

    [Fact]
    public void Window_snaps_outward_to_the_source_grid_and_ignores_float_noise()
    {
        double[] gt = [1000, 417, 0, 9000, 0, -640];
        var window = WarpWindow.Covering(new NetTopologySuite.Geometries.Envelope(1000 + 417 * 2.5, 1000 + 417 * (7 - 1e-9), 9000 - 640 * 9.2, 9000 - 640 * 3.0000000001), gt);

        Assert.Equal(new WarpWindow(1000 + 417 * 2, 9000 - 640 * 3, 417, 640, 5, 7), window);
        Assert.Equal(["-te", "1834", "2600", "3919", "7080", "-tr", "417", "640"], window.Arguments());
    }

    private static string PixelBox(RasterSpec spec, double col0, double row0, double col1, double row1) =>
        PixelPolygon(spec, (col0, row0), (col1, row0), (col1, row1), (col0, row1), (col0, row0));

    /// <summary>A lon/lat polygon through points given in pixel coordinates of an EPSG:4326 raster.</summary>
    private static string PixelPolygon(RasterSpec spec, params (double Col, double Row)[] points)
    {
        var gt = spec.GeoTransform;
        var ring = string.Join(",", points.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"[{gt[0] + p.Col * gt[1]:R},{gt[3] + p.Row * gt[5]:R}]")));
        return TestAois.Polygon($"[{ring}]");
    }
}
