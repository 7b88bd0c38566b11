using System.Diagnostics;
using System.Globalization;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Bench.Common;

namespace Geopera.Clip.Bench.Api;

/// <summary>
/// <c>dotnet run -c Release --project bench -- api [--jobs N] [--deep-jobs N] [--file-mb N] [--seconds N] [--rounds N] [--clients N] [--only list|download]</c>:
/// the op API on Kestrel (loopback) over real PostgreSQL (a fresh database on CLIP_BENCH_POSTGRES, or
/// a throwaway server). clip.jobs.list throughput against pgbench running the store's own page and
/// total SQL with the same clients over the same pages — for an organization with N jobs and one with
/// many (where OFFSET paging and count(*) show their cost) — and clip.job.download throughput against
/// <c>cat</c> of the same stored file, with the process's peak memory. Every pair runs interleaved
/// round by round; ratios are medians of the rounds. The last line is the RESULT.
/// </summary>
public static class ApiBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = IntOption(args, "--jobs", 1000);
        var deepJobs = IntOption(args, "--deep-jobs", 100_000);
        var fileMb = IntOption(args, "--file-mb", 256);
        var seconds = IntOption(args, "--seconds", 3);
        var rounds = IntOption(args, "--rounds", 3);
        var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : null;

        await using var server = await BenchPostgres.StartAsync();
        var clients = server.Clients(IntOption(args, "--clients", 50));
        var database = PostgresDatabases.UniqueName("clip_bench_api");
        var connection = await PostgresDatabases.CreateAsync(server.ServerConnectionString, database);
        var scratch = Directory.CreateTempSubdirectory("clip-bench-api-");
        try
        {
            await using var service = await BenchService.StartAsync(connection, scratch.FullName);
            Console.WriteLine($"Seeding {jobs} completed jobs, {deepJobs} more in one organization, and a {fileMb} MiB output file…");
            var world = await BenchWorld.SeedAsync(service, jobs, deepJobs, fileMb, scratch.FullName);
            Console.WriteLine($"Environment: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Kestrel on {service.BaseAddress}; {server.Describe}");

            var listRatio = double.NaN;
            if (only is null or "list")
            {
                var script = ListReference.WriteScript(scratch.FullName);
                var ratios = new List<double>();
                foreach (var tenant in new[] { world.Shallow, world.Deep })
                {
                    var pairs = new Rounds($"clip.jobs.list ({tenant.Jobs} jobs)", "req/s");
                    for (var round = 0; round < rounds; round++)
                    {
                        var ours = await LatencyRun.MeasureAsync(service.BaseAddress, clients, _ => world.ListRequest(tenant), TimeSpan.FromSeconds(seconds));
                        var sql = await ListReference.TpsAsync(connection, script, tenant.OrganizationId, tenant.Jobs, BenchWorld.ListPageSize, clients, seconds);
                        pairs.Add(new Round(ours.RequestsPerSecond, sql), ours.Describe("api", clients));
                    }
                    Console.WriteLine(pairs.Summary("clip.jobs.list over HTTP", "its page + total SQL in pgbench"));
                    ratios.Add(pairs.MedianRatio);
                }
                listRatio = ratios.Min();
                var get = await LatencyRun.MeasureAsync(service.BaseAddress, clients, world.GetRequest, TimeSpan.FromSeconds(seconds));
                Console.WriteLine(get.Describe("clip.job.get (for comparison)", clients));
            }

            var downloadRatio = double.NaN;
            if (only is null or "download")
            {
                var download = await DownloadRun.MeasureAsync(service.BaseAddress, world, rounds);
                Console.WriteLine(download.Describe());
                downloadRatio = download.Ratio;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT api: download/cat {downloadRatio:F2} (target >= 0.9), jobs.list/sql {listRatio:F2} (target >= 0.5)"));
            return 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
            await PostgresDatabases.DropAsync(server.ServerConnectionString, database);
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
