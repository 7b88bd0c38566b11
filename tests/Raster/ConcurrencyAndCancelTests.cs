using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

public sealed class ConcurrencyAndCancelTests : IDisposable
{
    private const int Rounds = 2;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Concurrent_warps_in_one_process_give_the_same_outputs_as_sequential_ones()
    {
        var specs = new[]
        {
            new RasterSpec("c1", 32633, 3, GdalDataType.Byte, null),
            new RasterSpec("c2", 3857, 1, GdalDataType.Float32, -9999),
            new RasterSpec("c3", 4326, 4, GdalDataType.UInt16, 0),
            new RasterSpec("c4", 32633, 1, GdalDataType.UInt16, null),
        };
        var jobs = specs.SelectMany(spec =>
        {
            var source = TestRasters.Create(_dir.Path, spec);
            var bounds = TestRasters.LonLatBounds(source);
            return new[] { TestAois.Box(bounds, 0.1, 0.2, 0.7, 0.9), TestAois.TwoBoxes(bounds) }
                .Select((aoi, i) => (spec, source, aoi, name: $"{spec.Name}_{i}"));
        }).ToList();
        foreach (var job in jobs) ClipFixture.Clip(job.source, job.aoi, _dir.File(job.name + "_seq.tif"));

        // Every clip at once, each on its own thread, repeated so the runs overlap for real.
        var start = new Barrier(jobs.Count);
        await Task.WhenAll(jobs.Select(job => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            for (var round = 0; round < Rounds; round++)
                ClipFixture.Clip(job.source, job.aoi, _dir.File($"{job.name}_par{round}.tif"));
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        foreach (var job in jobs)
        {
            var expected = File.ReadAllBytes(_dir.File(job.name + "_seq.tif"));
            for (var round = 0; round < Rounds; round++)
                Assert.Equal(expected, File.ReadAllBytes(_dir.File($"{job.name}_par{round}.tif")));
            ClipAssert.MatchesSource(_dir.File(job.name + "_par0.tif"), job.spec, job.aoi);
        }
    }

    [Fact]
    public void Cancelling_mid_warp_aborts_gdal_and_leaves_no_file()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("cancel", 32633, 3, Width: 1400, Height: 1400));
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.05, 0.05, 0.95, 0.95);
        using var cts = new CancellationTokenSource();
        var reports = new List<double>();
        var aoiGeometry = Geopera.Clip.Activities.Raster.Aoi.AoiValidator.Validate(aoi).Geometry!;
        var output = _dir.File("out.tif");

        Assert.ThrowsAny<OperationCanceledException>(() => ClipFixture.Clipper.Clip(new ClipRequest(source, aoiGeometry, output, fraction =>
        {
            reports.Add(fraction);
            if (fraction > 0.1) cts.Cancel(); // GDAL learns it at its next progress call
        }), cts.Token));

        Assert.Contains(reports, f => f > 0.1);
        Assert.DoesNotContain(reports, f => f >= 1.0);
        Assert.Equal([Path.GetFileName(source)], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }
}
