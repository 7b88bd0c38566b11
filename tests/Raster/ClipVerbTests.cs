using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Host.Verbs;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary><c>host clip</c>: one local warp; exit 0 with an output, non-zero on bad input or usage.</summary>
public sealed class ClipVerbTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Clip_verb_writes_the_output_or_fails_with_an_exit_code()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("verb", 32633, 3));
        File.WriteAllText(_dir.File("aoi.geojson"), TestAois.Box(TestRasters.LonLatBounds(source), 0.2, 0.2, 0.8, 0.8));
        File.WriteAllText(_dir.File("bad.geojson"), """{"type":"Point","coordinates":[15,45]}""");
        File.WriteAllText(_dir.File("far.geojson"), TestAois.Box(TestRasters.LonLatBounds(source), 5, 5, 6, 6));

        Assert.Equal(0, await HostVerbs.RunAsync(["clip", "--source", source, "--aoi", _dir.File("aoi.geojson"), "--out", _dir.File("out.tif")]));
        using (var output = GdalDataset.Open(_dir.File("out.tif")))
            Assert.Equal("COG", output!.Info().Layout);

        Assert.Equal(1, await HostVerbs.RunAsync(["clip", "--source", source, "--aoi", _dir.File("bad.geojson"), "--out", _dir.File("bad.tif")]));
        Assert.Equal(1, await HostVerbs.RunAsync(["clip", "--source", source, "--aoi", _dir.File("far.geojson"), "--out", _dir.File("far.tif")]));
        Assert.Equal(2, await HostVerbs.RunAsync(["clip", "--source", source]));
        Assert.False(File.Exists(_dir.File("bad.tif")) || File.Exists(_dir.File("far.tif")));
    }
}
