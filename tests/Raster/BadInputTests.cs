using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Broken, truncated or unplaceable rasters fail with a typed, non-retryable error and leave no output.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private const string AnyAoi = """{"type":"Polygon","coordinates":[[[15.0,45.0],[15.01,45.0],[15.01,45.01],[15.0,45.01],[15.0,45.0]]]}""";

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Garbage_file_is_an_invalid_raster()
    {
        var garbage = _dir.File("garbage.tif");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))]);
        AssertInvalid(garbage, "not recognized");
    }

    [Fact]
    public void Missing_file_is_an_invalid_raster()
    {
        AssertInvalid(_dir.File("missing.tif"), "missing.tif");
    }

    [Fact]
    public void Truncated_cog_is_an_invalid_raster()
    {
        var spec = new RasterSpec("whole", 32633, 3, Width: 600, Height: 600);
        var whole = TestRasters.Create(_dir.Path, spec);
        var bytes = File.ReadAllBytes(whole);
        var truncated = _dir.File("truncated.tif");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length * 2 / 3)]);

        var aoi = TestAois.Box(TestRasters.LonLatBounds(whole), 0.1, 0.1, 0.9, 0.9);
        var failure = Assert.Throws<ClipFailure>(() => ClipFixture.Clip(truncated, aoi, _dir.File("out.tif")));

        Assert.Equal(ClipErrors.InvalidRaster, failure.Code);
        Assert.False(failure.Retryable);
        Assert.False(File.Exists(_dir.File("out.tif")));
    }

    [Fact]
    public void Raster_without_crs_is_an_invalid_raster()
    {
        var path = _dir.File("nocrs.tif");
        using (var mem = GdalUtilities.Create("MEM", "", 50, 50, 1, GdalDataType.Byte))
        using (GdalUtilities.CreateCopy("GTiff", path, mem)) { }
        AssertInvalid(path, "no CRS");
    }

    private void AssertInvalid(string source, string expectedInMessage)
    {
        var failure = Assert.Throws<ClipFailure>(() => ClipFixture.Clip(source, AnyAoi, _dir.File("out.tif")));
        Assert.Equal(ClipErrors.InvalidRaster, failure.Code);
        Assert.False(failure.Retryable);
        Assert.Contains(expectedInMessage, failure.Message);
        Assert.False(File.Exists(_dir.File("out.tif")));
    }
}
