using System.Net;
using System.Net.Http.Headers;
using Geopera.Clip.Host.Api.Egress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>A host with small egress limits and a short circuit-open period, on a clock the tests
/// move (circuits follow it; the token buckets of System.Threading.RateLimiting take no clock).</summary>
public sealed class TightEgressHost : ApiTestHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Api:Egress:PerAssetBurst"] = "5",
        ["Api:Egress:PerAssetPerSecond"] = "0.2",
        ["Api:Egress:PerOrganizationBurst"] = "1000",
        ["Api:Egress:PerOrganizationPerSecond"] = "1000",
        ["Api:Egress:CircuitFailureThreshold"] = "3",
        ["Api:Egress:CircuitOpenSeconds"] = "1",
    };
}

/// <summary>clip.job.download: ranges, throttling under a burst, and the storage circuit breaker.</summary>
public sealed class DownloadTests(TightEgressHost host) : IClassFixture<TightEgressHost>
{
    private async Task<(string JobId, string Mosaic, byte[] File)> FreshJobAsync()
    {
        var jobId = await host.CompletedJobAsync(host.Tenant, "dl_" + Guid.NewGuid().ToString("N")[..8]);
        var descriptor = (await (await host.Http.OpAsync("clip.job.downloads", host.Tenant.ReadKey, new { job_id = jobId })).OkJsonAsync())[0];
        var path = Path.Combine(host.StorageRoot, ApiSeed.Bucket, descriptor.GetProperty("gcs_path").GetString()!);
        return (jobId, descriptor.GetProperty("mosaic_type").GetString()!, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    private Task<HttpResponseMessage> DownloadAsync(string jobId, string mosaic, string? range = null) =>
        host.Http.OpAsync("clip.job.download", host.Tenant.ReadKey, $$"""{"job_id":"{{jobId}}","mosaic_type":"{{mosaic}}"}""",
            configure: r => { if (range is not null) r.Headers.TryAddWithoutValidation("Range", range); });

    [Fact]
    public async Task Ranges_return_206_with_the_exact_bytes_and_unsatisfiable_ones_416()
    {
        var (jobId, mosaic, file) = await FreshJobAsync();
        var whole = await DownloadAsync(jobId, mosaic);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(file.Length, whole.Content.Headers.ContentLength);
        Assert.Equal(file, await whole.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var first = await DownloadAsync(jobId, mosaic, "bytes=0-99");
        Assert.Equal(HttpStatusCode.PartialContent, first.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(0, 99, file.Length), first.Content.Headers.ContentRange);
        Assert.Equal(file[..100], await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var tail = await DownloadAsync(jobId, mosaic, "bytes=-10");
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(file[^10..], await tail.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var beyond = await DownloadAsync(jobId, mosaic, $"bytes={file.Length}-");
        await beyond.ProblemAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "range-not-satisfiable");
        Assert.Equal($"bytes */{file.Length}", beyond.Content.Headers.GetValues("Content-Range").Single());
    }

    [Fact]
    public async Task A_burst_on_one_file_is_throttled_with_429_and_Retry_After()
    {
        var (jobId, mosaic, _) = await FreshJobAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => DownloadAsync(jobId, mosaic)));
        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var throttled = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(ok, 1, 6); // burst 5, plus at most one refilled token
        Assert.Equal(12 - ok, throttled.Count);
        await throttled[0].ProblemAsync(HttpStatusCode.TooManyRequests, "egress-throttled");
        Assert.True(throttled[0].Headers.RetryAfter!.Delta!.Value.TotalSeconds >= 1);

        var (otherJob, otherMosaic, _) = await FreshJobAsync(); // another file has its own bucket
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(otherJob, otherMosaic)).StatusCode);
    }

    [Fact]
    public async Task Storage_faults_open_the_circuit_then_a_trial_after_the_open_period_closes_it()
    {
        var (jobId, mosaic, file) = await FreshJobAsync();
        var (spareJob, spareMosaic, _) = await FreshJobAsync();
        var breaker = host.Services.GetRequiredService<GuardedStorage>();
        host.Store.FailReads = true;
        try
        {
            for (var i = 0; i < 3; i++)
                await (await DownloadAsync(jobId, mosaic)).ProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.Equal(CircuitState.Open, breaker.Circuit);
            var faults = host.Store.ReadFaults;
            var paused = await DownloadAsync(spareJob, spareMosaic);
            await paused.ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
            Assert.NotNull(paused.Headers.RetryAfter);
            Assert.Equal(faults, host.Store.ReadFaults); // open circuit: storage not even tried
        }
        finally
        {
            host.Store.FailReads = false;
        }
        host.Clock.Advance(TimeSpan.FromSeconds(0.9));
        await (await DownloadAsync(spareJob, spareMosaic)).ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
        host.Clock.Advance(TimeSpan.FromSeconds(0.1)); // the open period is over: one trial decides
        var recovered = await DownloadAsync(spareJob, spareMosaic);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(CircuitState.Closed, breaker.Circuit);
        Assert.Equal(file.Length, (await (await DownloadAsync(jobId, mosaic)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
    }

    [Fact]
    public async Task An_unexpected_fault_is_a_500_problem_with_a_trace_id_and_no_internals()
    {
        var (jobId, mosaic, _) = await FreshJobAsync();
        host.Store.NextReadException = new InvalidOperationException("secret internal detail at /srv/private");
        var problem = await (await DownloadAsync(jobId, mosaic)).ProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
        Assert.DoesNotContain("secret", problem.GetRawText());
        Assert.DoesNotContain("/srv/private", problem.GetRawText());
        Assert.Equal(32, problem.GetProperty("trace_id").GetString()!.Length);
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(jobId, mosaic)).StatusCode);
    }
}
