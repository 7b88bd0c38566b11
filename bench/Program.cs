using Geopera.Clip.Bench.Api;
using Geopera.Clip.Bench.Credits;
using Geopera.Clip.Bench.Warp;

// Benchmarks (not tests): `dotnet run -c Release --project bench -- <name> [options]`.
// Each prints its figures with the reference measured in the same run, and the ratio last.
var benchmarks = new Dictionary<string, (string Summary, Func<string[], Task<int>> Run)>(StringComparer.Ordinal)
{
    ["credits"] = ("credit reservations/s with 64 clients vs pgbench simple-update", CreditsBenchmark.RunAsync),
    ["warp"] = ("in-process clip vs the gdalwarp CLI; bytes read over HTTP ranges", WarpBench.RunAsync),
    ["api"] = ("jobs.list/job.get latency at 50 and 200 clients; download vs cat", ApiBench.RunAsync),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- <benchmark> [options]");
    foreach (var (name, (summary, _)) in benchmarks)
        Console.Error.WriteLine($"  {name,-10} {summary}");
    return 2;
}
try
{
    return await benchmark.Run(args[1..]);
}
catch (Exception e)
{
    // A benchmark that cannot run says why in one paragraph, not with an unhandled-exception dump.
    Console.Error.WriteLine($"{args[0]}: {e.GetType().Name}: {e.Message}");
    return 1;
}
