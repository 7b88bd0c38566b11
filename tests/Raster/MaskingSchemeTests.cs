using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>The output marks pixels outside the AOI with the source's own scheme: alpha stays alpha,
/// a nodata value stays that value, both when the source has both.</summary>
public sealed class MaskingSchemeTests : IDisposable
{
    private static readonly GdalColorInterp[] Rgba = [GdalColorInterp.Red, GdalColorInterp.Green, GdalColorInterp.Blue, GdalColorInterp.Alpha];
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Rgba_with_nodata_keeps_its_alpha_band_and_its_nodata_value()
    {
        var spec = new RasterSpec("rgba_nodata", 32633, 4, GdalDataType.Byte, NoData: 7, ColorInterps: Rgba);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.BoxWithHole(TestRasters.LonLatBounds(source));

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Equal(Rgba, result.Output.Bands.Select(b => b.ColorInterp));
        Assert.All(result.Output.Bands.Take(3), b => Assert.Equal(7, b.NoData));
        using var output = GdalDataset.Open(_dir.File("out.tif"))!;
        var info = output.Info();
        var red = output.Read(1, 0, 0, info.Width, info.Height);
        var alpha = output.Read(4, 0, 0, info.Width, info.Height);
        var outside = Enumerable.Range(0, alpha.Length).Where(i => alpha[i] == 0).ToList();
        Assert.True(outside.Count > 100, "the hole and the corners are outside the AOI");
        Assert.All(outside, i => Assert.Equal(7, red[i])); // masked pixels carry the nodata value too
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), source);
        Assert.Equal(unmasked, equal);
    }

    [Fact]
    public void Rgba_without_nodata_keeps_alpha_and_gets_no_nodata()
    {
        var spec = new RasterSpec("rgba", 32633, 4, GdalDataType.Byte, ColorInterps: Rgba);
        var source = TestRasters.Create(_dir.Path, spec);

        var result = ClipFixture.Clip(source, TestAois.BoxWithHole(TestRasters.LonLatBounds(source)), _dir.File("out.tif"));

        Assert.Equal(Rgba, result.Output.Bands.Select(b => b.ColorInterp));
        Assert.All(result.Output.Bands, b => Assert.Null(b.NoData));
    }
}
