using System.Diagnostics;
using System.Net;
using Geopera.Clip.Host.Api.Egress;
using Geopera.Clip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The service with circuits of threshold 3 and a 10 s open period on a clock the tests move.</summary>
public sealed class StorageFaultHost : ApiTestHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Api:Egress:CircuitFailureThreshold"] = "3",
        ["Api:Egress:CircuitOpenSeconds"] = "10",
        ["Api:Egress:PerAssetBurst"] = "1000",
        ["Api:Egress:PerOrganizationBurst"] = "1000",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
}

/// <summary>
/// Storage faults on the download path, made for real where this machine allows it: the store's
/// root renamed away (an unmounted volume), a full disk under the metadata folder (a 16 KiB tmpfs),
/// a file deleted under a present root; and through the fault double where it does not (a file
/// root cannot be denied, a read failing after the body started).
/// </summary>
public sealed class StorageFaultTests(StorageFaultHost host) : IClassFixture<StorageFaultHost>
{
    private async Task<(string JobId, string Mosaic, string Key, string Path, byte[] File)> FreshJobAsync()
    {
        var jobId = await host.CompletedJobAsync(host.Tenant, "sf_" + Guid.NewGuid().ToString("N")[..8]);
        var descriptor = (await (await host.Http.OpAsync("clip.job.downloads", host.Tenant.ReadKey, new { job_id = jobId })).OkJsonAsync())[0];
        var key = descriptor.GetProperty("gcs_path").GetString()!;
        var path = Path.Combine(host.StorageRoot, ApiSeed.Bucket, key);
        return (jobId, descriptor.GetProperty("mosaic_type").GetString()!, key, path, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    private Task<HttpResponseMessage> DownloadAsync(string jobId, string mosaic) =>
        host.Http.OpAsync("clip.job.download", host.Tenant.ReadKey, $$"""{"job_id":"{{jobId}}","mosaic_type":"{{mosaic}}"}""");

    private static async Task StorageUnavailableAsync(HttpResponseMessage response)
    {
        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        // The circuit's open period (10 s here) capped at 5 s.
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task A_missing_store_root_is_503_storage_unavailable_and_a_missing_file_under_it_404()
    {
        var (jobId, mosaic, _, path, file) = await FreshJobAsync();
        var moved = host.StorageRoot + "-unmounted";
        Directory.Move(host.StorageRoot, moved);
        try
        {
            var clock = Stopwatch.StartNew();
            await StorageUnavailableAsync(await DownloadAsync(jobId, mosaic));
            // At once, not after retries: a generous bound so two loaded cores do not trip it.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed.TotalSeconds:0.00} s");
        }
        finally
        {
            Directory.Move(moved, host.StorageRoot);
        }
        Assert.Equal(file, await (await DownloadAsync(jobId, mosaic)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        File.Delete(path);
        await (await DownloadAsync(jobId, mosaic)).ProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task One_unreadable_file_pauses_only_itself_and_its_circuit_closes_on_the_first_good_trial()
    {
        var (brokenJob, brokenMosaic, brokenKey, _, brokenFile) = await FreshJobAsync();
        var (otherJob, otherMosaic, _, _, otherFile) = await FreshJobAsync();
        var circuits = host.Services.GetRequiredService<GuardedStorage>().Circuits;
        host.Store.UnreadableKey = brokenKey;
        try
        {
            for (var i = 0; i < 3; i++)
                await StorageUnavailableAsync(await DownloadAsync(brokenJob, brokenMosaic));
            Assert.Equal(CircuitState.Open, circuits.StateOf(ApiSeed.Bucket, brokenKey));
            Assert.Equal(CircuitState.Closed, circuits.StateOf(ApiSeed.Bucket));
            var attempts = host.Store.ReadAttempts;
            var paused = await DownloadAsync(brokenJob, brokenMosaic);
            await paused.ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
            Assert.Equal(TimeSpan.FromSeconds(10), paused.Headers.RetryAfter!.Delta);
            Assert.Equal(attempts, host.Store.ReadAttempts); // not even tried
            // Every other file of the bucket streams meanwhile.
            Assert.Equal(otherFile, await (await DownloadAsync(otherJob, otherMosaic)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

            host.Clock.Advance(TimeSpan.FromSeconds(10)); // the trial after the open period fails: open again
            await StorageUnavailableAsync(await DownloadAsync(brokenJob, brokenMosaic));
            await (await DownloadAsync(brokenJob, brokenMosaic)).ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
        }
        finally
        {
            host.Store.UnreadableKey = null;
        }
        host.Clock.Advance(TimeSpan.FromSeconds(9.9));
        await (await DownloadAsync(brokenJob, brokenMosaic)).ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
        host.Clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(brokenFile, await (await DownloadAsync(brokenJob, brokenMosaic)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(CircuitState.Closed, circuits.StateOf(ApiSeed.Bucket, brokenKey));
    }

    [Fact]
    public async Task A_read_failing_after_the_body_started_cuts_the_transfer_short_and_the_next_download_is_whole()
    {
        var (jobId, mosaic, _, _, file) = await FreshJobAsync();
        Assert.True(file.Length > 1000);
        host.Store.FailAfterBytes = 1000;
        try
        {
            var received = new MemoryStream();
            try
            {
                using var response = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/op/clip.job.download")
                {
                    Content = new StringContent($$"""{"job_id":"{{jobId}}","mosaic_type":"{{mosaic}}"}""", System.Text.Encoding.UTF8, "application/json"),
                    Headers = { Authorization = new("Bearer", host.Tenant.ReadKey) },
                }, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(file.Length, response.Content.Headers.ContentLength);
                // The connection is aborted: the client sees a short body, never a complete-looking one.
                await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
                await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(received, TestContext.Current.CancellationToken));
            }
            catch (HttpRequestException e) when (e.InnerException is IOException)
            {
                // The server flushed the headers and the first bytes, then reset the connection. A TCP
                // reset discards what the client's kernel had not yet handed over, so on a fast loopback
                // the client may lose even the headers: also a transfer cut short, never a whole one.
            }
            Assert.InRange(received.Length, 0, 1000);
            Assert.Equal(file[..(int)received.Length], received.ToArray());
        }
        finally
        {
            host.Store.FailAfterBytes = null;
        }
        Assert.Equal(file, await (await DownloadAsync(jobId, mosaic)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_full_disk_under_the_metadata_folder_does_not_fail_a_download_and_leaves_no_in_flight_file()
    {
        var (jobId, mosaic, _, _, file) = await FreshJobAsync();
        var metadata = Path.Combine(host.StorageRoot, ".clip-meta");
        // Mounting over the metadata folder hides every record (so the download must repair one)
        // and gives the repair 16 KiB of space, which the filler takes.
        await using (var disk = await Tmpfs.MountAsync(metadata, "16k"))
        {
            await disk.FillAsync();
            for (var i = 0; i < 3; i++)
                Assert.Equal(file, await (await DownloadAsync(jobId, mosaic)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            var left = Directory.EnumerateFiles(metadata, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
            Assert.DoesNotContain(left, name => name!.StartsWith(".clip-partial-", StringComparison.Ordinal));
            Assert.Contains("filler", left);
        }
    }
}
