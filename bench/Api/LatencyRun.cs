using System.Diagnostics;
using System.Globalization;

namespace Geopera.Clip.Bench.Api;

/// <summary>Latency percentiles and throughput of one operation with a fixed number of concurrent
/// clients, each sending its next request as soon as the previous answer arrived (closed loop),
/// for a fixed time. Latency covers every answer; throughput only the successful ones.</summary>
public sealed record LatencyRun(int Requests, double P50Ms, double P99Ms, double RequestsPerSecond, int Failures)
{
    public static async Task<LatencyRun> MeasureAsync(Uri baseAddress, int clients, Func<int, HttpRequestMessage> request, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await RunAsync(http, clients, request, TimeSpan.FromSeconds(0.5)); // connections open, JIT
        var clock = Stopwatch.StartNew();
        var (samples, failures) = await RunAsync(http, clients, request, duration);
        var elapsed = clock.Elapsed.TotalSeconds;
        samples.Sort();
        // Throughput counts answered requests only: a 503 at the deadline is not a listed page.
        return new LatencyRun(samples.Count, ApiBench.Percentile(samples, 50), ApiBench.Percentile(samples, 99), (samples.Count - failures) / elapsed, failures);
    }

    private static async Task<(List<double> Samples, int Failures)> RunAsync(HttpClient http, int clients, Func<int, HttpRequestMessage> request, TimeSpan duration)
    {
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var samples = new List<double>();
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request(client * 100_003 + n));
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failures);
                samples.Add(ApiBench.Seconds(Stopwatch.GetTimestamp() - started) * 1000);
            }
            return samples;
        })));
        return (perClient.SelectMany(s => s).ToList(), failures);
    }

    public string Describe(string operation, int clients) => string.Create(CultureInfo.InvariantCulture,
        $"{operation} clients={clients,3}  p50={P50Ms,7:F2} ms  p99={P99Ms,7:F2} ms  {RequestsPerSecond,7:F0} req/s  ({Requests} requests, {Failures} failed)");
}
