using System.Net;
using System.Net.Http.Headers;
using Geopera.Clip.Host.Api.Egress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>A host with small egress limits and a short circuit-open period, on a clock the tests
/// move (the circuits and the token buckets follow it).</summary>
public sealed class TightEgressHost : ApiTestHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));

    // A file: 5 downloads at once, one more every 5 s. An organization: 8 at once, one more every 2 s.
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Api:Egress:PerAssetBurst"] = "5",
        ["Api:Egress:PerAssetPerSecond"] = "0.2",
        ["Api:Egress:PerOrganizationBurst"] = "8",
        ["Api:Egress:PerOrganizationPerSecond"] = "0.5",
        ["Api:Egress:CircuitFailureThreshold"] = "3",
        ["Api:Egress:CircuitOpenSeconds"] = "1",
    };
}

/// <summary>An output file of a completed job, as its organization downloads it.</summary>
public sealed record OutputFile(Tenant Owner, string JobId, string Mosaic, byte[] Bytes);

/// <summary>clip.job.download: ranges, throttling under a burst, and the storage circuit breaker.</summary>
public sealed class DownloadTests(TightEgressHost host) : IClassFixture<TightEgressHost>
{
    // Each test's files belong to organizations of their own, so no test spends another's tokens.
    private Task<Tenant> NewOrganizationAsync() => host.Seed.TenantAsync(host.SourceCog);

    private async Task<OutputFile> FileAsync(Tenant? owner = null)
    {
        owner ??= await NewOrganizationAsync();
        var jobId = await host.CompletedJobAsync(owner, "dl_" + Guid.NewGuid().ToString("N")[..8]);
        var descriptor = (await (await host.Http.OpAsync("clip.job.downloads", owner.ReadKey, new { job_id = jobId })).OkJsonAsync())[0];
        var path = Path.Combine(host.StorageRoot, ApiSeed.Bucket, descriptor.GetProperty("gcs_path").GetString()!);
        return new(owner, jobId, descriptor.GetProperty("mosaic_type").GetString()!, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    private Task<HttpResponseMessage> DownloadAsync(OutputFile file, string? range = null) =>
        host.Http.OpAsync("clip.job.download", file.Owner.ReadKey, $$"""{"job_id":"{{file.JobId}}","mosaic_type":"{{file.Mosaic}}"}""",
            configure: r => { if (range is not null) r.Headers.TryAddWithoutValidation("Range", range); });

    private static async Task ThrottledAsync(HttpResponseMessage response, int retryAfterSeconds)
    {
        await response.ProblemAsync(HttpStatusCode.TooManyRequests, "egress-throttled");
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task Ranges_return_206_with_the_exact_bytes_and_unsatisfiable_ones_416()
    {
        var file = await FileAsync();
        var whole = await DownloadAsync(file);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(file.Bytes.Length, whole.Content.Headers.ContentLength);
        Assert.Equal(file.Bytes, await whole.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var first = await DownloadAsync(file, "bytes=0-99");
        Assert.Equal(HttpStatusCode.PartialContent, first.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(0, 99, file.Bytes.Length), first.Content.Headers.ContentRange);
        Assert.Equal(file.Bytes[..100], await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var tail = await DownloadAsync(file, "bytes=-10");
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(file.Bytes[^10..], await tail.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var beyond = await DownloadAsync(file, $"bytes={file.Bytes.Length}-");
        await beyond.ProblemAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "range-not-satisfiable");
        Assert.Equal($"bytes */{file.Bytes.Length}", beyond.Content.Headers.GetValues("Content-Range").Single());
    }

    [Fact]
    public async Task A_burst_on_one_file_gets_exactly_its_5_downloads_then_429_until_the_clock_refills_one()
    {
        var file = await FileAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => DownloadAsync(file)));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        await ThrottledAsync(responses.Single(r => r.StatusCode != HttpStatusCode.OK), retryAfterSeconds: 5);

        host.Clock.Advance(TimeSpan.FromSeconds(4.5)); // 0.9 of a token: half a second short, said as 1 s
        await ThrottledAsync(await DownloadAsync(file), retryAfterSeconds: 1);
        host.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(file)).StatusCode);
        await ThrottledAsync(await DownloadAsync(file), retryAfterSeconds: 5);

        var another = await FileAsync(file.Owner); // another file of the organization has its own bucket
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(another)).StatusCode);
    }

    [Fact]
    public async Task An_organization_gets_8_downloads_across_its_files_while_other_organizations_keep_theirs()
    {
        var first = await FileAsync();
        var second = await FileAsync(first.Owner);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(first)).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(second)).StatusCode);
        await ThrottledAsync(await DownloadAsync(second), retryAfterSeconds: 2); // the file has 2 left, its organization none

        var stranger = await FileAsync();
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(stranger)).StatusCode);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(second)).StatusCode);
        await ThrottledAsync(await DownloadAsync(second), retryAfterSeconds: 2);
    }

    [Fact]
    public async Task Storage_faults_open_the_circuit_then_a_trial_after_the_open_period_closes_it()
    {
        var failing = await FileAsync();
        var spare = await FileAsync();
        var breaker = host.Services.GetRequiredService<GuardedStorage>();
        host.Store.FailReads = true;
        try
        {
            for (var i = 0; i < 3; i++)
                await (await DownloadAsync(failing)).ProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.Equal(CircuitState.Open, breaker.Circuit);
            var faults = host.Store.ReadFaults;
            var paused = await DownloadAsync(spare);
            await paused.ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
            Assert.Equal(TimeSpan.FromSeconds(1), paused.Headers.RetryAfter!.Delta); // the whole open period is left
            Assert.Equal(faults, host.Store.ReadFaults); // open circuit: storage not even tried
        }
        finally
        {
            host.Store.FailReads = false;
        }
        host.Clock.Advance(TimeSpan.FromSeconds(0.9));
        await (await DownloadAsync(spare)).ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
        host.Clock.Advance(TimeSpan.FromSeconds(0.1)); // the open period is over: one trial decides
        var recovered = await DownloadAsync(spare);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(CircuitState.Closed, breaker.Circuit);
        Assert.Equal(failing.Bytes, await (await DownloadAsync(failing)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unexpected_fault_is_a_500_problem_with_a_trace_id_and_no_internals()
    {
        var file = await FileAsync();
        host.Store.NextReadException = new InvalidOperationException("secret internal detail at /srv/private");
        var problem = await (await DownloadAsync(file)).ProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
        Assert.DoesNotContain("secret", problem.GetRawText());
        Assert.DoesNotContain("/srv/private", problem.GetRawText());
        Assert.Equal(32, problem.GetProperty("trace_id").GetString()!.Length);
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(file)).StatusCode);
    }
}
