using System.Diagnostics;
using System.Globalization;
using Geopera.Clip.Activities.DataPlatform.Schema;

namespace Geopera.Clip.Bench.Api;

/// <summary>
/// <c>dotnet run -c Release --project bench -- api [--jobs N] [--file-mb N] [--only latency|download]</c>: the op API on
/// Kestrel (loopback) over real PostgreSQL (CLIP_BENCH_POSTGRES, else CLIP_TEST_POSTGRES; a fresh
/// database, dropped afterwards). Measures p50/p99 latency of clip.jobs.list and clip.job.get (job
/// row path) at 50 and 200 concurrent clients over N seeded jobs, then clip.job.download
/// throughput against <c>cat</c> of the same file, with the process's peak memory during the
/// downloads. The last line is the download/cat throughput ratio (target ≥ 0.9).
/// </summary>
public static class ApiBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = IntOption(args, "--jobs", 1000);
        var fileMb = IntOption(args, "--file-mb", 512);
        var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : null;
        var server = Environment.GetEnvironmentVariable("CLIP_BENCH_POSTGRES") is { Length: > 0 } b ? b
            : Environment.GetEnvironmentVariable("CLIP_TEST_POSTGRES") is { Length: > 0 } t ? t : null;
        if (server is null)
        {
            Console.Error.WriteLine("Set CLIP_BENCH_POSTGRES (or CLIP_TEST_POSTGRES) to a PostgreSQL superuser connection string, e.g. 'Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres'.");
            return 2;
        }

        var database = PostgresDatabases.UniqueName("clip_bench_api");
        var connection = await PostgresDatabases.CreateAsync(server, database);
        var scratch = Directory.CreateTempSubdirectory("clip-bench-api-");
        try
        {
            await using var service = await BenchService.StartAsync(connection, scratch.FullName);
            Console.WriteLine($"Seeding {jobs} completed jobs and a {fileMb} MiB output file…");
            var world = await BenchWorld.SeedAsync(service, jobs, fileMb, scratch.FullName);
            Console.WriteLine($"Environment: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Kestrel on {service.BaseAddress}");

            foreach (var clients in only is null or "latency" ? new[] { 50, 200 } : [])
            {
                var list = await LatencyRun.MeasureAsync(service.BaseAddress, clients, world.ListRequest);
                Console.WriteLine(list.Describe("clip.jobs.list", clients));
                var get = await LatencyRun.MeasureAsync(service.BaseAddress, clients, world.GetRequest);
                Console.WriteLine(get.Describe("clip.job.get   ", clients));
            }

            if (only == "latency")
                return 0;
            var download = await DownloadRun.MeasureAsync(service.BaseAddress, world);
            Console.WriteLine(download.Describe());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio: clip.job.download / cat = {download.Ratio:F2} (target >= 0.90)"));
            return 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
            await PostgresDatabases.DropAsync(server, database);
        }
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }

    /// <summary>Percentile of sorted samples (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
