using System.Net;
using System.Text;
using Geopera.Clip.Tests.Api;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>The API host with the service's default settings, for one demo session.</summary>
public sealed class DemoSessionHost : ApiTestHost;

/// <summary>
/// <c>/metrics</c> after the README's demo session (create, poll until completed, list the
/// downloads, download the clip): every family an operator alerts on is there with the values the
/// session produced. The families are also written, one sample a line, to the file named by
/// <c>CLIP_METRICS_SAMPLE</c> when it is set, for operators' documentation.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class DemoSessionMetricsTests(DemoSessionHost host) : IClassFixture<DemoSessionHost>
{
    private static readonly string[] Families =
    [
        "http_server_request_duration_seconds", "clip_admission_", "clip_credits_", "clip_warp_", "clip_egress_", "db_client_", "dotnet_gc_heap_total_allocated",
    ];

    [Fact]
    public async Task A_demo_session_shows_each_family_with_the_values_it_produced()
    {
        var before = await PrometheusText.ScrapeAsync(host.Http);
        var jobId = await host.CompletedJobAsync(host.Tenant);
        var state = await (await host.Http.OpAsync("clip.job.get", host.Tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var downloads = await (await host.Http.OpAsync("clip.job.downloads", host.Tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();
        var mosaic = downloads[0].GetProperty("mosaic_type").GetString();
        var download = await host.Http.OpAsync("clip.job.download", host.Tenant.ReadKey, new { job_id = jobId, mosaic_type = mosaic });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var downloaded = (await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).LongLength;
        var after = await PrometheusText.ScrapeAsync(host.Http);

        double Delta(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(1, Delta("clip_admission_admitted_total", "clip_operation=clip.create_from_item"));
        // Admission counts creates only: the session's polls, listing and download are not admissions.
        Assert.Equal(1, Delta("clip_admission_admitted_total"));
        Assert.Equal(0, Delta("clip_admission_refused_total"));
        Assert.Equal(1, Delta("clip_admission_duration_seconds_count", "clip_admission_outcome=admitted"));
        foreach (var operation in new[] { "clip.create_from_item", "clip.job.downloads", "clip.job.download" })
            Assert.Equal(1, Delta("http_server_request_duration_seconds_count", "clip_operation=" + operation, "http_response_status_code=200"));
        var reserved = await host.Seed.ScalarAsync("SELECT units FROM credit_ledger WHERE job_id = $1::uuid AND kind = 'reserve'", jobId);
        Assert.True(reserved > 0);
        Assert.Equal(reserved, Delta("clip_credits_reserved_total"));
        Assert.Equal(reserved, Delta("clip_credits_committed_total") + Delta("clip_credits_released_total"));
        Assert.Equal(1, Delta("clip_warp_duration_seconds_count", "clip_warp_outcome=completed"));
        var outputs = await host.Store.ListAsync(ApiSeed.Bucket, $"clips/{jobId}/", TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(outputs.Sum(o => o.SizeBytes), Delta("clip_warp_output_written_bytes_total"));
        var read = Delta("clip_warp_source_read_bytes_total");
        Assert.True(read > 0 && read < 4 * new FileInfo(host.SourceCog).Length, $"the warp read {read} bytes of its source");
        Assert.Equal(downloaded, Delta("clip_egress_bytes_total"));
        Assert.Equal(0, after.Sum("clip_warp_active"));
        Assert.Equal(Environment.ProcessorCount, after.Sum("clip_warp_slots_free")); // Temporal:MaxConcurrentWarps 0 = one per core
        Assert.Equal(1, after.Sum("clip_egress_circuit_state", "clip_circuit_state=closed"));
        Assert.Contains(after.Samples, s => s.Name.StartsWith("db_client_", StringComparison.Ordinal) && s.Value > 0);
        // The service's pools are labelled by name, not by their connection string (host, port, user,
        // database). Unnamed pools the test process itself opened (its seed data) still show theirs.
        var pools = after.Samples.Where(s => s.Name.StartsWith("db_client_", StringComparison.Ordinal))
            .Select(s => s.Labels.GetValueOrDefault("db_client_connection_pool_name")).OfType<string>().ToHashSet();
        Assert.Superset(new HashSet<string> { "clip", "clip-reservations" }, pools);
        Assert.Contains(after.Samples, s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal));

        if (Environment.GetEnvironmentVariable("CLIP_METRICS_SAMPLE") is { Length: > 0 } path)
            await File.WriteAllTextAsync(path, Sample(after), TestContext.Current.CancellationToken);
    }

    /// <summary>The families above without histogram buckets: what an operator reads first.</summary>
    private static string Sample(PrometheusText scrape)
    {
        var text = new StringBuilder();
        foreach (var line in scrape.Text.Split('\n'))
        {
            var name = line.Split('{', ' ')[0];
            if (line.StartsWith('#') || name.EndsWith("_bucket", StringComparison.Ordinal) || !Families.Any(f => name.StartsWith(f, StringComparison.Ordinal)))
                continue;
            text.AppendLine(line);
        }
        return text.ToString();
    }
}
