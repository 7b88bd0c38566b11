using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>The output is a valid COG and the same file the gdalwarp CLI writes from the same arguments.</summary>
public sealed class CogOutputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(32633, 3, GdalDataType.Byte, null)]
    [InlineData(3857, 1, GdalDataType.Float32, -9999.0)]
    [InlineData(4326, 4, GdalDataType.UInt16, 0.0)]
    public void Output_is_a_tiled_cog_with_overviews_and_identical_to_the_cli(int epsg, int bands, GdalDataType type, double? noData)
    {
        // Large enough that the clip exceeds one 512 tile, so the COG gets an overview level.
        var spec = new RasterSpec($"big_{epsg}", epsg, bands, type, noData, Width: 1300, Height: 1200);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.05, 0.05, 0.9, 0.95);
        var ours = _dir.File("inproc.tif");
        var theirs = _dir.File("cli.tif");

        var result = ClipFixture.Clip(source, aoi, ours);
        GdalWarpCli.Replay(result, source, theirs);

        ClipAssert.IsCog(ours, expectOverviews: true);
        Assert.True(result.Output.Width > 512 || result.Output.Height > 512);
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        ClipAssert.MatchesSource(ours, spec, aoi);
    }

    [Fact]
    public void Small_output_is_still_a_cog()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("small", 32633, 3));
        ClipFixture.Clip(source, TestAois.Box(TestRasters.LonLatBounds(source), 0.3, 0.3, 0.6, 0.6), _dir.File("out.tif"));
        ClipAssert.IsCog(_dir.File("out.tif"), expectOverviews: false);
    }
}
