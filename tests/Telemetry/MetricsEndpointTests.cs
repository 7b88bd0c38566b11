using System.Net;
using Geopera.Clip.Tests.Api;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary><c>/metrics</c> after driving the API, the workers' activities (through the in-process
/// runner, which runs the real data-platform and warp activities) and the egress limiter: each
/// number read back is the one the drive must have produced.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    private const string Create = "clip.create_from_item";

    [Fact]
    public async Task Creates_admissions_and_http_durations_are_counted_by_operation_and_problem_type()
    {
        var before = await host.ScrapeAsync();
        var jobId = await host.CompletedJobAsync(host.Tenant);
        var refused = await host.Http.OpAsync(Create, host.Tenant.ReadKey, ApiCalls.CreateFromItemBody(host.Tenant), Guid.NewGuid().ToString());
        await refused.ProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
        var after = await host.ScrapeAsync();

        double Delta(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(1, Delta("clip_admission_admitted_total", "clip_operation=" + Create));
        Assert.Equal(1, Delta("clip_admission_refused_total", "clip_operation=" + Create, "clip_problem_type=insufficient-scope"));
        Assert.Equal(1, Delta("clip_admission_duration_seconds_count", "clip_admission_outcome=admitted"));
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", "clip_operation=" + Create, "http_response_status_code=200"));
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", "clip_operation=" + Create, "http_response_status_code=403"));
        Assert.Equal("histogram", after.Types["http_server_request_duration_seconds"]);

        var units = await host.Seed.ScalarAsync("SELECT units FROM credit_ledger WHERE job_id = $1::uuid AND kind = 'reserve'", jobId);
        var committed = await host.Seed.ScalarAsync("SELECT coalesce(sum(units), 0) FROM credit_ledger WHERE job_id = $1::uuid AND kind = 'commit'", jobId);
        Assert.True(units > 0);
        Assert.Equal(units, Delta("clip_credits_reserved_total"));
        Assert.Equal(committed, Delta("clip_credits_committed_total"));
        Assert.Equal(units - committed, Delta("clip_credits_released_total"));

        var outputs = await host.Store.ListAsync(ApiSeed.Bucket, $"clips/{jobId}/", TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, outputs.Count); // the COG and its quicklook
        Assert.Equal(1, Delta("clip_warp_duration_seconds_count", "clip_warp_outcome=completed"));
        Assert.Equal(outputs.Sum(o => o.SizeBytes), Delta("clip_warp_output_written_bytes_total"));
        Assert.Equal(0, after.Sum("clip_warp_active"));
        Assert.True(after.Sum("clip_warp_slots_free") >= 1);

        // Bounded labels: nothing names the organization, the job or a key.
        foreach (var secretish in new[] { host.Tenant.OrganizationId, jobId, host.Tenant.FullKey, host.Tenant.ReadKey })
            Assert.DoesNotContain(secretish, after.Text);
    }

    [Fact]
    public async Task A_quota_refusal_is_counted_as_a_refused_reservation()
    {
        var before = await host.ScrapeAsync();
        await host.Seed.ExecAsync("UPDATE credit_accounts SET limit_units = 0 WHERE organization_id = $1", host.Other.OrganizationId);
        var response = await host.Http.OpAsync(Create, host.Other.FullKey, ApiCalls.CreateFromItemBody(host.Other), Guid.NewGuid().ToString());
        await response.ProblemAsync(HttpStatusCode.PaymentRequired);
        var after = await host.ScrapeAsync();

        Assert.Equal(1, after.Sum("clip_credits_reservations_refused_total", "clip_refusal_reason=quota_exceeded")
            - before.Sum("clip_credits_reservations_refused_total", "clip_refusal_reason=quota_exceeded"));
        Assert.Equal(1, after.Sum("clip_admission_duration_seconds_count", "clip_admission_outcome=rejected")
            - before.Sum("clip_admission_duration_seconds_count", "clip_admission_outcome=rejected"));
        Assert.Equal(0, after.Sum("clip_credits_reserved_total") - before.Sum("clip_credits_reserved_total"));
    }

    [Fact]
    public async Task Egress_counts_bytes_streamed_and_429s_by_reason_and_shows_the_circuit_state()
    {
        var jobId = await host.CompletedJobAsync(host.Tenant, "metrics_egress");
        var descriptor = (await (await host.Http.OpAsync("clip.job.downloads", host.Tenant.ReadKey, new { job_id = jobId })).OkJsonAsync())[0];
        var mosaic = descriptor.GetProperty("mosaic_type").GetString()!;
        var size = new FileInfo(Path.Combine(host.StorageRoot, ApiSeed.Bucket, descriptor.GetProperty("gcs_path").GetString()!)).Length;
        Task<HttpResponseMessage> Download() => host.Http.OpAsync("clip.job.download", host.Tenant.ReadKey, new { job_id = jobId, mosaic_type = mosaic });

        var before = await host.ScrapeAsync();
        Assert.Equal(1, before.Sum("clip_egress_circuit_state", "clip_circuit_state=closed"));
        var first = await Download();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(size, (await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
        await (await Download()).ProblemAsync(HttpStatusCode.TooManyRequests, "egress-throttled");
        var afterThrottle = await host.ScrapeAsync();
        Assert.Equal(size, afterThrottle.Sum("clip_egress_bytes_total") - before.Sum("clip_egress_bytes_total"));
        Assert.Equal(1, afterThrottle.Sum("clip_egress_refused_total", "clip_egress_reason=asset_bucket")
            - before.Sum("clip_egress_refused_total", "clip_egress_reason=asset_bucket"));

        // A storage fault opens the circuit (threshold 1); the next download of another file is refused by it.
        var other = await host.CompletedJobAsync(host.Tenant, "metrics_circuit");
        Task<HttpResponseMessage> DownloadOther() => host.Http.OpAsync("clip.job.download", host.Tenant.ReadKey, new { job_id = other, mosaic_type = mosaic });
        host.Store.FailReads = true;
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await DownloadOther()).StatusCode);
        }
        finally
        {
            host.Store.FailReads = false;
        }
        var third = await host.CompletedJobAsync(host.Tenant, "metrics_circuit_b");
        await (await host.Http.OpAsync("clip.job.download", host.Tenant.ReadKey, new { job_id = third, mosaic_type = mosaic }))
            .ProblemAsync(HttpStatusCode.TooManyRequests, "downloads-paused");
        var after = await host.ScrapeAsync();
        Assert.Equal(1, after.Sum("clip_egress_circuit_state", "clip_circuit_state=open"));
        Assert.Equal(0, after.Sum("clip_egress_circuit_state", "clip_circuit_state=closed"));
        Assert.Equal(1, after.Sum("clip_egress_refused_total", "clip_egress_reason=circuit")
            - before.Sum("clip_egress_refused_total", "clip_egress_reason=circuit"));
    }
}
