using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

public sealed class QuicklookTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, GdalDataType.Float32, -9999.0, 1)]   // gray
    [InlineData(1, GdalDataType.UInt16, null, 2)]       // gray + alpha
    [InlineData(3, GdalDataType.Byte, 0.0, 3)]          // RGB, nodata-masked
    public void Quicklook_is_a_bounded_stretched_png(int bands, GdalDataType type, double? noData, int pngBands)
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("q", 32633, bands, type, noData, Width: 900, Height: 400));
        ClipFixture.Clip(source, TestAois.Box(TestRasters.LonLatBounds(source), 0, 0, 1, 1), _dir.File("out.tif"));

        QuicklookRenderer.Render(_dir.File("out.tif"), _dir.File("out.png"), 512, TestContext.Current.CancellationToken);

        using var png = GdalDataset.Open(_dir.File("out.png"))!;
        var info = png.Info();
        Assert.Equal("PNG", info.Driver);
        Assert.Equal(pngBands, info.Bands.Count);
        Assert.All(info.Bands, b => Assert.Equal(GdalDataType.Byte, b.DataType));
        Assert.InRange(png.Width, 510, 512);
        Assert.InRange(png.Height, 220, 240);
        var stats = png.ComputeStatistics(1, approximate: false);
        Assert.True(stats.Max - stats.Min > 100, $"stretched to 0..255, got {stats.Min}..{stats.Max}");
        Assert.False(File.Exists(_dir.File("out.png.aux.xml")));
    }
}
