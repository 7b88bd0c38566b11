using System.Diagnostics;
using System.Globalization;

namespace Geopera.Clip.Bench.Api;

/// <summary>Latency percentiles of one operation with a fixed number of concurrent clients, each
/// sending its next request as soon as the previous answer arrived (closed loop).</summary>
public sealed record LatencyRun(int Requests, double P50Ms, double P99Ms, double RequestsPerSecond, int Failures)
{
    private const int WarmupPerClient = 5;
    private const int MeasuredPerClient = 40;

    public static async Task<LatencyRun> MeasureAsync(Uri baseAddress, int clients, Func<int, HttpRequestMessage> request)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await RunAsync(http, clients, WarmupPerClient, request, null);
        var samples = new double[clients * MeasuredPerClient];
        var clock = Stopwatch.StartNew();
        var failures = await RunAsync(http, clients, MeasuredPerClient, request, samples);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(samples);
        return new LatencyRun(samples.Length, ApiBench.Percentile(samples, 50), ApiBench.Percentile(samples, 99), samples.Length / elapsed, failures);
    }

    private static async Task<int> RunAsync(HttpClient http, int clients, int perClient, Func<int, HttpRequestMessage> request, double[]? samples)
    {
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var n = 0; n < perClient; n++)
            {
                var index = client * perClient + n;
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request(index));
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failures);
                if (samples is not null)
                    samples[index] = ApiBench.Seconds(Stopwatch.GetTimestamp() - started) * 1000;
            }
        })));
        return failures;
    }

    public string Describe(string operation, int clients) => string.Create(CultureInfo.InvariantCulture,
        $"{operation} clients={clients,3}  p50={P50Ms,7:F2} ms  p99={P99Ms,7:F2} ms  {RequestsPerSecond,7:F0} req/s  ({Requests} requests, {Failures} failed)");
}
