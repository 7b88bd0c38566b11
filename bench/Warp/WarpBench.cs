using System.Diagnostics;
using System.Globalization;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Aoi;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Bench.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Bench.Warp;

/// <summary>
/// In-process clip vs the gdalwarp CLI with identical arguments (and GDAL configuration), on the
/// same synthesized 16000² COG: a small AOI and one ten times larger, alternating runs, medians;
/// byte comparison of the outputs; bytes read over HTTP range requests for the small AOI compared
/// with the bytes of the tiles it touches. Targets: ≤ 0.45× (small), ≤ 0.85× (large), ≤ 1.5× bytes.
/// First, sources in CRSs that were slow against the CLI (<see cref="ProjectionCases"/>), ≤ 1.5× each;
/// <c>warp projections</c> runs only those.
/// </summary>
internal static class WarpBench
{
    private const int Runs = 11;

    /// <summary>Runs before the counted ones: JIT tiering of the geometry code settles over the first few.</summary>
    private const int WarmUpRuns = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "geopera-clip-bench");
        GdalRuntime.EnsureInitialized();
        var work = Directory.CreateDirectory(Path.Combine(folder, "runs-" + Environment.ProcessId)).FullName;
        var clipper = new RasterClipper(NullLogger<RasterClipper>.Instance);
        try
        {
            // `warp projections`: only the CRS cases (custom Albers, Goode homolosine).
            var projections = ProjectionCases.Run((label, c, source, aoi, dir) =>
            {
                var timing = Compare(label, c, source, aoi, dir);
                return (timing.Ratio, timing.Identical);
            },
                clipper, folder, work);
            Console.WriteLine("RESULT warp in-process/CLI by source CRS: " + string.Join("; ", projections));
            if (args.Length > 0 && args[0] == "projections") return 0;
            var cog = SyntheticCog.EnsureExists(folder);
            // Small: ~750 × 450 px (as in the notes); large: ten times its area.
            var small = Aoi(3_735, 2_280);
            var large = Aoi(3_735 * Math.Sqrt(10), 2_280 * Math.Sqrt(10));
            var smallTimes = Compare("small", clipper, cog, small, work);
            var largeTimes = Compare("large", clipper, cog, large, work);
            var (bytesRatio, identicalRemote) = await RemoteBytesAsync(clipper, cog, small, work);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT warp in-process/CLI: small {smallTimes.Ratio:0.00}x (target <= 0.45), large {largeTimes.Ratio:0.00}x (target <= 0.85); " +
                $"bytes read/touched tiles {bytesRatio:0.00}x (target <= 1.5); pixel-identical {(smallTimes.Identical && largeTimes.Identical && identicalRemote ? "yes" : "NO")}"));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Medians of each side, and the median of the per-round ratios.</summary>
    internal sealed record Timing(double InProcessMedian, double CliMedian, double Ratio, bool Identical);

    internal static Timing Compare(string label, RasterClipper clipper, string cog, Geometry aoi, string work)
    {
        var ours = Path.Combine(work, label + "_inproc.tif");
        var theirs = Path.Combine(work, label + "_cli.tif");
        var rounds = new Rounds($"{label} AOI", "ms");
        var (ourFaults, cliFaults) = (new List<double>(), new List<double>());
        for (var run = 1 - WarmUpRuns; run <= Runs; run++) // runs up to 0 warm both up and are not counted
        {
            File.Delete(ours);
            var faults = ProcessCpu.MinorFaults();
            var clock = Stopwatch.StartNew();
            var result = clipper.Clip(new ClipRequest(cog, aoi, ours), CancellationToken.None);
            var inProcessSeconds = clock.Elapsed.TotalSeconds;
            var ourRunFaults = ProcessCpu.MinorFaults().Own - faults.Own;

            File.Delete(theirs);
            faults = ProcessCpu.MinorFaults();
            clock.Restart();
            GdalWarpCli.Replay(result, cog, theirs);
            var cliSeconds = clock.Elapsed.TotalSeconds;
            var cliRunFaults = ProcessCpu.MinorFaults().ReapedChildren - faults.ReapedChildren;
            if (run <= 0) continue;
            rounds.Add(new Round(inProcessSeconds * 1000, cliSeconds * 1000), $"minor page faults {ourRunFaults} in-process, {cliRunFaults} CLI");
            ourFaults.Add(ourRunFaults);
            cliFaults.Add(cliRunFaults);
        }
        var identical = File.ReadAllBytes(ours).AsSpan().SequenceEqual(File.ReadAllBytes(theirs));
        var timing = new Timing(rounds.MedianOurs / 1000, rounds.MedianReference / 1000, rounds.MedianRatio, identical);
        using (var ds = GdalDataset.Open(ours)!)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-5} AOI: output {ds.Width}x{ds.Height}; in-process median {timing.InProcessMedian:0.000} s, gdalwarp CLI median {timing.CliMedian:0.000} s over {Runs} alternating runs; median ratio {timing.Ratio:0.00}x; byte-identical {identical}; " +
                $"median minor page faults per call {Rounds.Median(ourFaults):0} in-process, {Rounds.Median(cliFaults):0} CLI"));
        return timing;
    }

    private static async Task<(double Ratio, bool Identical)> RemoteBytesAsync(RasterClipper clipper, string cog, Geometry aoi, string work)
    {
        await using var server = await RangeServer.StartAsync(cog);
        GdalRuntime.ClearRemoteCache();
        server.Reset();
        var output = Path.Combine(work, "small_remote.tif");
        var clock = Stopwatch.StartNew();
        var result = clipper.Clip(new ClipRequest("/vsicurl/" + server.Url, aoi, output), CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        var gt = result.Output.GeoTransform!;
        var col0 = (int)Math.Floor((gt[0] - SyntheticCog.OriginX) / SyntheticCog.Pixel);
        var row0 = (int)Math.Floor((SyntheticCog.OriginY - gt[3]) / SyntheticCog.Pixel);
        var (tiles, tileBytes) = TouchedTiles.Measure(cog, col0, row0, col0 + result.Output.Width, row0 + result.Output.Height, 512, SyntheticCog.Size);
        var ratio = (double)server.BytesSent / tileBytes;
        var identical = File.ReadAllBytes(output).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(work, "small_inproc.tif")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"small AOI over HTTP ranges: {seconds:0.000} s, {server.Requests} requests, {server.BytesSent:N0} bytes read of a {new FileInfo(cog).Length:N0}-byte COG; " +
            $"full-resolution tiles the AOI touches: {tiles} = {tileBytes:N0} bytes; ratio {ratio:0.00}x; same bytes as the local clip {identical}"));
        return (ratio, identical);
    }

    /// <summary>A box of the given size (metres) around the raster's centre, in lon/lat.</summary>
    private static Geometry Aoi(double widthMetres, double heightMetres)
    {
        var cx = SyntheticCog.OriginX + SyntheticCog.Size * SyntheticCog.Pixel * 0.43;
        var cy = SyntheticCog.OriginY - SyntheticCog.Size * SyntheticCog.Pixel * 0.57;
        using var toLonLat = CoordinateTransformation.ToLonLat(CoordinateTransformation.EpsgWkt(SyntheticCog.Epsg));
        var b = toLonLat.TransformBounds(cx - widthMetres / 2, cy - heightMetres / 2, cx + widthMetres / 2, cy + heightMetres / 2)!.Value;
        var json = FormattableString.Invariant(
            $$"""{"type":"Polygon","coordinates":[[[{{b.MinX}},{{b.MinY}}],[{{b.MaxX}},{{b.MinY}}],[{{b.MaxX}},{{b.MaxY}}],[{{b.MinX}},{{b.MaxY}}],[{{b.MinX}},{{b.MinY}}]]]}""");
        return AoiValidator.Validate(json).Geometry!;
    }
}
