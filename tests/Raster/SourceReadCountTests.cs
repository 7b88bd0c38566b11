using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>What a clip reports having read from its source is what GDAL read through the counted
/// path: a small AOI reads a few tiles of a large tiled COG, not the file's size; the same clip
/// reads the same bytes every time, and clips running at once each count only their own reads.</summary>
public sealed class SourceReadCountTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_small_aoi_reads_a_few_tiles_not_the_whole_file()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("big", 32633, 3, Width: 2048, Height: 2048));
        var bounds = TestRasters.LonLatBounds(source);
        var size = new FileInfo(source).Length;

        var corner = ClipFixture.Clip(source, TestAois.Box(bounds, 0.02, 0.02, 0.1, 0.1), _dir.File("corner.tif")).SourceBytesRead;
        var most = ClipFixture.Clip(source, TestAois.Box(bounds, 0.02, 0.02, 0.9, 0.9), _dir.File("most.tif")).SourceBytesRead;

        Assert.True(corner > 0, "the clip read nothing");
        Assert.True(corner < size / 4, $"a corner clip read {corner} of {size} bytes");
        Assert.True(most > corner * 4, $"most of the raster read {most} bytes, a corner {corner}");
    }

    [Fact]
    public async Task Concurrent_clips_of_one_source_each_count_their_own_reads()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("shared", 32633, 3, Width: 1024, Height: 1024));
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.1, 0.1, 0.6, 0.6);
        var alone = ClipFixture.Clip(source, aoi, _dir.File("alone.tif")).SourceBytesRead;
        Assert.Equal(alone, ClipFixture.Clip(source, aoi, _dir.File("again.tif")).SourceBytesRead);

        var start = new Barrier(4);
        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return ClipFixture.Clip(source, aoi, _dir.File($"together{i}.tif")).SourceBytesRead;
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.All(counts, count => Assert.Equal(alone, count));
    }

    [Fact]
    public void A_counted_path_opens_as_the_source_and_no_longer_once_disposed()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("plain", 4326));
        string path;
        using (var reads = CountedSource.For(source))
        {
            path = reads.Path;
            using var dataset = GdalDataset.Open(path);
            Assert.NotNull(dataset);
            Assert.Equal((300, 240), (dataset.Width, dataset.Height));
            Assert.True(reads.BytesRead > 0);
        }
        using var errors = new GdalErrorScope();
        Assert.Null(GdalDataset.Open(path));
    }
}
