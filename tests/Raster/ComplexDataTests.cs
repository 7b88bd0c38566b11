using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Complex rasters (SAR single-look complex: CInt16, CFloat32) clip to complex COGs with
/// overviews, and a failure raised on one of GDAL's worker threads still carries GDAL's message.</summary>
public sealed class ComplexDataTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(GdalDataType.CInt16)]
    [InlineData(GdalDataType.CFloat32)]
    public void Complex_raster_wider_than_a_tile_clips_with_overviews(GdalDataType type)
    {
        var spec = new RasterSpec($"complex_{type}", 32633, 1, type, NoData: 0, Width: 1300, Height: 1200);
        var source = TestRasters.Create(_dir.Path, spec);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.05, 0.05, 0.9, 0.95);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Equal(type, result.Output.Bands[0].DataType);
        Assert.True(result.Output.Width > 512 && result.Output.OverviewCount > 0);
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), source);
        Assert.True(unmasked > 500_000);
        Assert.Equal(unmasked, equal);
        QuicklookRenderer.Render(_dir.File("out.tif"), _dir.File("out.png"), 256, TestContext.Current.CancellationToken);
        Assert.True(new FileInfo(_dir.File("out.png")).Length > 0);
    }

    [Fact]
    public void Error_scope_reports_failures_raised_on_threads_it_does_not_listen_on()
    {
        using var scope = new GdalErrorScope();
        var missing = _dir.File("raised-elsewhere.tif");
        // A thread with no scope of its own stands in for one of GDAL's worker threads.
        var worker = new Thread(() => GdalDataset.Open(missing)?.Dispose());
        worker.Start();
        worker.Join();

        Assert.Contains(scope.Errors, e => e.Message.Contains("raised-elsewhere.tif") && e.Class >= GdalErrorClass.Failure);
        Assert.Contains("raised-elsewhere.tif", GdalFailureClassifier.Classify("Warping x failed", scope.Errors).Message);
    }
}
