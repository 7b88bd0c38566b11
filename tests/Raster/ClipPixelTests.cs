using Xunit;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Clips across CRSs, band counts, pixel types and nodata: inside equals the source,
/// outside is masked, bounds follow the AOI, bands keep type and colour interpretation.</summary>
public sealed class ClipPixelTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int, int, GdalDataType, double?> Matrix => new()
    {
        { 32633, 1, GdalDataType.Byte, 0 },
        { 32633, 3, GdalDataType.UInt16, null },
        { 3857, 3, GdalDataType.Byte, null },
        { 3857, 4, GdalDataType.UInt16, 0 },
        { 4326, 1, GdalDataType.Float32, -9999 },
        { 4326, 4, GdalDataType.Byte, null },
        { 32633, 1, GdalDataType.Float32, null },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Inside_equals_source_and_outside_is_masked(int epsg, int bands, GdalDataType type, double? noData)
    {
        var spec = new RasterSpec($"src_{epsg}_{bands}_{type}", epsg, bands, type, noData);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.Polygon(
            "[" + string.Join(",", Triangle(TestRasters.LonLatBounds(source))) + "]");

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.True(ClipAssert.MatchesSource(_dir.File("out.tif"), spec, aoi) > 100);
        var output = result.Output.Bands;
        for (var b = 0; b < bands; b++)
        {
            Assert.Equal(type, output[b].DataType);
            Assert.Equal(Comparable(result.Source.Bands[b].ColorInterp), Comparable(output[b].ColorInterp));
            Assert.Equal(noData, output[b].NoData);
        }
        if (noData is null) Assert.Equal(GdalColorInterp.Alpha, output[^1].ColorInterp);
    }

    [Fact]
    public void Rgb_keeps_colour_interpretation_and_an_rgba_source_keeps_its_alpha()
    {
        var rgba = new RasterSpec("rgba", 32633, 4, GdalDataType.Byte, null,
            ColorInterps: [GdalColorInterp.Red, GdalColorInterp.Green, GdalColorInterp.Blue, GdalColorInterp.Alpha]);
        var source = TestRasters.Create(_dir.Path, rgba);
        var result = ClipFixture.Clip(source, TestAois.Box(TestRasters.LonLatBounds(source), 0.2, 0.2, 0.7, 0.8), _dir.File("out.tif"));

        Assert.Equal([GdalColorInterp.Red, GdalColorInterp.Green, GdalColorInterp.Blue, GdalColorInterp.Alpha],
            result.Output.Bands.Select(b => b.ColorInterp));
    }

    [Fact]
    public void Multipolygon_and_polygon_with_hole_mask_between_parts()
    {
        var spec = new RasterSpec("utm", 32633, 3, GdalDataType.Byte, 0);
        var source = TestRasters.Create(_dir.Path, spec);
        var bounds = TestRasters.LonLatBounds(source);

        foreach (var (name, aoi) in new[] { ("multi", TestAois.TwoBoxes(bounds)), ("hole", TestAois.BoxWithHole(bounds)) })
        {
            var output = _dir.File(name + ".tif");
            ClipFixture.Clip(source, aoi, output);
            Assert.True(ClipAssert.MatchesSource(output, spec, aoi) > 100);
        }
    }

    [Fact]
    public void Aoi_partly_outside_is_cropped_to_the_raster()
    {
        var spec = new RasterSpec("partly", 3857, 1, GdalDataType.UInt16, null);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.5, -0.5, 1.5, 0.5);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.InRange(result.Output.Width, spec.Width / 2 - 1, spec.Width / 2 + 1);
        Assert.InRange(result.Output.Height, spec.Height / 2 - 1, spec.Height / 2 + 1);
        ClipAssert.MatchesSource(_dir.File("out.tif"), spec, aoi);
    }

    [Fact]
    public void Aoi_smaller_than_a_pixel_is_refused_before_warping()
    {
        var spec = new RasterSpec("tiny", 32633, 1, GdalDataType.Byte, 0);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.5, 0.5, 0.5005, 0.5005);

        var failure = Assert.Throws<ClipFailure>(() => ClipFixture.Clip(source, aoi, _dir.File("out.tif")));

        Assert.Equal(ClipErrors.InvalidAoi, failure.Code);
        Assert.False(failure.Retryable);
        Assert.Contains("less than one pixel", failure.Message);
        Assert.False(File.Exists(_dir.File("out.tif")));
    }

    [Fact]
    public void Aoi_fully_outside_is_refused_before_warping()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("far", 3857));
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 2, 2, 3, 3);

        var failure = Assert.Throws<ClipFailure>(() => ClipFixture.Clip(source, aoi, _dir.File("out.tif")));

        Assert.Equal(ClipErrors.AoiOutsideRaster, failure.Code);
        Assert.False(failure.Retryable);
        Assert.False(File.Exists(_dir.File("out.tif")));
    }

    // GTiff reports the first band of a MINISBLACK image as Gray whether or not it was set.
    private static GdalColorInterp Comparable(GdalColorInterp interp) =>
        interp == GdalColorInterp.Undefined ? GdalColorInterp.Gray : interp;

    private static IEnumerable<string> Triangle((double W, double S, double E, double N) r)
    {
        string P(double fx, double fy) => FormattableString.Invariant($"[{r.W + fx * (r.E - r.W):R},{r.S + fy * (r.N - r.S):R}]");
        return [P(0.1, 0.15), P(0.85, 0.3), P(0.4, 0.9), P(0.1, 0.15)];
    }
}
