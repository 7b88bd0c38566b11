using System.Security.Cryptography;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Activities.Telemetry;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Temporalio.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>The warp activity against the local object store, through Temporal's ActivityEnvironment.</summary>
public sealed class WarpActivitiesTests : IDisposable
{
    private const string Bucket = "project-out";
    private readonly TempFolder _dir = new();
    private readonly LocalObjectStore _store;
    private readonly string _sources, _scratch;

    public WarpActivitiesTests()
    {
        _store = new LocalObjectStore(_dir.File("store"));
        _sources = Directory.CreateDirectory(_dir.File("sources")).FullName;
        _scratch = _dir.File("scratch");
    }

    public void Dispose() => _dir.Dispose();

    private WarpActivities Activities(IObjectStore? store = null, WarpSlots? slots = null, TimeProvider? time = null, IJobAoiSource? aois = null)
    {
        var warpSlots = slots ?? new WarpSlots(2);
        return new(store ?? _store, aois ?? JobRowAois.None, new RasterClipper(NullLogger<RasterClipper>.Instance),
            new SourcePathResolver(_store, [_sources]), warpSlots, new WarpMetrics(TestMeters.Factory, warpSlots),
            Options.Create(new RasterOptions { TempDirectory = _scratch, QuicklookMaxSize = 512 }), time ?? TimeProvider.System,
            NullLogger<WarpActivities>.Instance);
    }

    private WarpInput Input(RasterSpec spec, Func<(double, double, double, double), string>? aoi = null, string href = "")
    {
        var source = TestRasters.Create(_sources, spec);
        var geojson = (aoi ?? (b => TestAois.Box(b, 0.1, 0.1, 0.8, 0.9)))(TestRasters.LonLatBounds(source));
        // The shape older workflows scheduled: the AOI in the input (most tests; the job row is never read).
        return new WarpInput("job-1", new SourceAsset("visual", href == "" ? source : href, "image/tiff", null, []), "rgb", Bucket, "harbour_clip", geojson);
    }

    private async Task<List<string>> KeysAsync() =>
        await _store.ListAsync(Bucket, "clips/", TestContext.Current.CancellationToken).Select(o => o.Key).OrderBy(k => k).ToListAsync(TestContext.Current.CancellationToken);

    private bool ScratchIsEmpty() => !Directory.Exists(_scratch) || Directory.GetFiles(_scratch, "*", SearchOption.AllDirectories).Length == 0;

    [Fact]
    public async Task Warp_uploads_the_cog_and_quicklook_and_reports_the_artifact()
    {
        var heartbeats = new System.Collections.Concurrent.ConcurrentQueue<WarpProgress>();
        var env = new ActivityEnvironment { Heartbeater = details => { foreach (var h in details.OfType<WarpProgress>()) heartbeats.Enqueue(h); } };
        var input = Input(new RasterSpec("rgb", 32633, 3, GdalDataType.UInt16, Width: 700, Height: 600));

        var artifact = await env.RunAsync(() => Activities().WarpAsync(input));

        Assert.Equal(new[] { "clips/job-1/harbour_clip_rgb.png", "clips/job-1/harbour_clip_rgb.tif" }, await KeysAsync());
        Assert.Equal(("rgb", "harbour_clip_rgb.tif", "clips/job-1/harbour_clip_rgb.tif", "clips/job-1/harbour_clip_rgb.png"),
            (artifact.MosaicType, artifact.Filename, artifact.GcsPath, artifact.QuicklookPath));
        var cog = _store.GdalPath(Bucket, artifact.GcsPath);
        Assert.Equal(new FileInfo(cog).Length, artifact.SizeBytes);
        Assert.Equal("md5:" + Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(cog))), artifact.Checksum);
        ClipAssert.IsCog(cog, expectOverviews: false);
        using (var png = GdalDataset.Open(_store.GdalPath(Bucket, artifact.QuicklookPath!))!)
        {
            Assert.Equal("PNG", png.Info().Driver);
            Assert.True(Math.Max(png.Width, png.Height) <= 512);
            Assert.Equal(4, png.BandCount); // RGB + alpha
            Assert.True(png.ComputeStatistics(1, approximate: false).Max > png.ComputeStatistics(1, approximate: false).Min);
        }
        Assert.All(heartbeats, h => Assert.Equal("rgb", h.MosaicType));
        Assert.Equal(
            [WarpStages.WaitingForSlot, WarpStages.Warping, WarpStages.Quicklook, WarpStages.Uploading, WarpStages.Checksum],
            heartbeats.Select(h => h.Stage).Distinct());
        Assert.Equal(new WarpProgress("rgb", 1.0, WarpStages.Checksum), heartbeats.Last());
        Assert.True(ScratchIsEmpty());
    }

    [Fact]
    public async Task Retry_after_a_crash_overwrites_the_same_objects_and_clears_the_dead_attempt()
    {
        var input = Input(new RasterSpec("rgb", 3857, 3));
        var crashed = Directory.CreateDirectory(Path.Combine(_scratch, "warp", "job-1", "rgb", "attempt-1-dead")).FullName;
        File.WriteAllText(Path.Combine(crashed, "harbour_clip_rgb.tif"), "half a file");

        var first = await new ActivityEnvironment().RunAsync(() => Activities().WarpAsync(input));
        var retry = new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { Attempt = 2 } };
        var second = await retry.RunAsync(() => Activities().WarpAsync(input));

        Assert.Equal(first, second);
        Assert.Equal(2, (await KeysAsync()).Count);
        Assert.False(Directory.Exists(crashed));
        Assert.True(ScratchIsEmpty());
    }

    [Fact]
    public async Task Cancel_mid_warp_aborts_and_leaves_no_object_and_no_temp_file()
    {
        var input = Input(new RasterSpec("big", 32633, 3, Width: 1400, Height: 1400), b => TestAois.Box(b, 0.02, 0.02, 0.98, 0.98));
        ActivityEnvironment? env = null;
        env = new ActivityEnvironment
        {
            Heartbeater = details =>
            {
                if (details.OfType<WarpProgress>().Any(p => p.Stage == WarpStages.Warping && p.Fraction > 0)) env!.Cancel();
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => env.RunAsync(() => Activities().WarpAsync(input)));

        Assert.Empty(await KeysAsync());
        Assert.True(ScratchIsEmpty());
    }

    [Fact]
    public async Task Bad_aoi_outside_aoi_and_bad_raster_are_non_retryable_typed_failures()
    {
        var env = new ActivityEnvironment();
        var invalid = Input(new RasterSpec("a", 32633), _ => """{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}""");
        var outside = Input(new RasterSpec("b", 32633), b => TestAois.Box(b, 3, 3, 4, 4));
        var garbage = Path.Combine(_sources, "garbage.tif");
        File.WriteAllText(garbage, "not a tiff");
        var broken = Input(new RasterSpec("c", 32633)) with { Asset = new SourceAsset("visual", garbage, null, null, []) };
        var forbidden = Input(new RasterSpec("d", 32633)) with { Asset = new SourceAsset("visual", "/etc/hostname", null, null, []) };

        foreach (var (input, type) in new[] { (invalid, ClipErrors.InvalidAoi), (outside, ClipErrors.AoiOutsideRaster), (broken, ClipErrors.InvalidRaster), (forbidden, ClipErrors.InvalidRaster) })
        {
            var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => Activities().WarpAsync(input)));
            Assert.Equal(type, failure.ErrorType);
            Assert.True(failure.NonRetryable);
        }
        Assert.Empty(await KeysAsync());
        Assert.True(ScratchIsEmpty());
    }

    [Fact]
    public async Task An_input_without_the_aoi_is_warped_with_the_aoi_its_job_row_keeps()
    {
        var spec = new RasterSpec("rgb", 32633, 3, Width: 700, Height: 600);
        var carried = Input(spec);
        var rows = new JobRowAois(new Dictionary<string, string> { ["job-1"] = carried.AoiGeoJson! });

        var artifact = await new ActivityEnvironment().RunAsync(() => Activities(aois: rows).WarpAsync(carried with { AoiGeoJson = null }));

        Assert.Equal(["job-1"], rows.Asked);
        ClipAssert.MatchesSource(_store.GdalPath(Bucket, artifact.GcsPath), spec, carried.AoiGeoJson!);
    }

    [Fact]
    public async Task An_input_that_carries_the_aoi_never_reads_the_job_row()
    {
        var rows = new JobRowAois(new Dictionary<string, string> { ["job-1"] = TestAois.Box((0, 0, 1, 1), 0.1, 0.1, 0.2, 0.2) });
        var input = Input(new RasterSpec("rgb", 4326, 3));

        await new ActivityEnvironment().RunAsync(() => Activities(aois: rows).WarpAsync(input));

        Assert.Empty(rows.Asked);
    }

    [Fact]
    public async Task A_job_without_a_row_fails_for_good_naming_the_database_setting_and_writes_nothing()
    {
        var input = Input(new RasterSpec("rgb", 4326, 3)) with { AoiGeoJson = null };

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => Activities(aois: new JobRowAois(new Dictionary<string, string>())).WarpAsync(input)));

        Assert.Equal((ClipErrors.JobRowMissing, true), (failure.ErrorType, failure.NonRetryable));
        Assert.Contains("ConnectionStrings:Clip", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await KeysAsync());
        Assert.True(ScratchIsEmpty());
    }

    [Fact]
    public async Task Gs_href_reads_the_source_through_the_object_store()
    {
        var spec = new RasterSpec("stored", 4326, 1, GdalDataType.Float32, -9999);
        var local = TestRasters.Create(_sources, spec);
        await _store.PutFileAsync("imagery", "items/i1/dem.tif", local, "image/tiff", TestContext.Current.CancellationToken);
        var input = Input(spec) with { Asset = new SourceAsset("dem", "gs://imagery/items/i1/dem.tif", "image/tiff", null, []), MosaicType = "dem" };

        var artifact = await new ActivityEnvironment().RunAsync(() => Activities().WarpAsync(input));

        Assert.Equal("clips/job-1/harbour_clip_dem.tif", artifact.GcsPath);
        ClipAssert.MatchesSource(_store.GdalPath(Bucket, artifact.GcsPath), spec, input.AoiGeoJson!);
    }

    // Heartbeats from start to return. A FakeTimeProvider drives the heartbeat timer: each Advance
    // by the interval is one tick, so the tests say "a heartbeat follows a tick" without a clock.
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An activity environment whose heartbeats are read in order, with the warp's heartbeat timeout.</summary>
    private sealed class Beats
    {
        private readonly System.Threading.Channels.Channel<WarpProgress> _sent = System.Threading.Channels.Channel.CreateUnbounded<WarpProgress>();

        public Beats() => Environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { HeartbeatTimeout = HeartbeatTimeout },
            Heartbeater = details => { foreach (var h in details.OfType<WarpProgress>()) _sent.Writer.TryWrite(h); },
        };

        public ActivityEnvironment Environment { get; }

        /// <summary>The next heartbeat; waiting is bounded only so a missing one fails instead of hanging.</summary>
        public async Task<WarpProgress> NextAsync() =>
            await _sent.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromMinutes(2));

        public async Task<WarpProgress> NextInStageAsync(string stage)
        {
            while (true)
                if (await NextAsync() is { } beat && beat.Stage == stage) return beat;
        }

        public bool Quiet => !_sent.Reader.TryPeek(out _);
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData(60, 15)]
    [InlineData(2, 1)]
    public void Heartbeat_interval_is_a_quarter_of_the_timeout_at_least_a_second(int? timeoutSeconds, int intervalSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(intervalSeconds),
            WarpHeartbeat.IntervalFor(timeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null));

    [Fact]
    public async Task A_warp_waiting_for_a_slot_heartbeats_and_its_cancel_is_seen_while_it_waits()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var slots = new WarpSlots(1);
        using var held = await slots.AcquireAsync(TestContext.Current.CancellationToken);
        var beats = new Beats();
        var input = Input(new RasterSpec("rgb", 32633, 3));

        var warp = beats.Environment.RunAsync(() => Activities(slots: slots, time: time).WarpAsync(input));
        Assert.Equal(new WarpProgress("rgb", 0, WarpStages.WaitingForSlot), await beats.NextAsync());
        Assert.True(beats.Quiet);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            time.Advance(WarpHeartbeat.IntervalFor(HeartbeatTimeout));
            Assert.Equal(new WarpProgress("rgb", 0, WarpStages.WaitingForSlot), await beats.NextAsync());
        }
        beats.Environment.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => warp.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
        Assert.Empty(await KeysAsync());
        Assert.True(ScratchIsEmpty());
    }

    [Theory]
    [InlineData("harbour_clip_rgb.tif")]
    [InlineData("harbour_clip_rgb.png")]
    public async Task A_stalled_upload_heartbeats_its_last_progress_and_a_cancel_stops_it_leaving_nothing(string stalledFile)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var slow = new SlowUploadStore(_store, key => key.EndsWith("/" + stalledFile, StringComparison.Ordinal));
        var beats = new Beats();
        var input = Input(new RasterSpec("rgb", 32633, 3, Width: 700, Height: 600));

        var warp = beats.Environment.RunAsync(() => Activities(store: slow, time: time).WarpAsync(input));
        Assert.Equal(new WarpProgress("rgb", 1.0, WarpStages.Uploading), await beats.NextInStageAsync(WarpStages.Uploading));
        await slow.Stalled.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.True(beats.Quiet);
        time.Advance(WarpHeartbeat.IntervalFor(HeartbeatTimeout));
        Assert.Equal(new WarpProgress("rgb", 1.0, WarpStages.Uploading), await beats.NextAsync());
        beats.Environment.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => warp.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(_store.RootDirectory, "*", SearchOption.AllDirectories));
        Assert.True(ScratchIsEmpty());
    }
}
