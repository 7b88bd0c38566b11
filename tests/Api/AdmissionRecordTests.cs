using System.Net;
using Geopera.Clip.Tests.Telemetry;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>What an operator sees of admissions: one structured log event per outcome (admitted,
/// rejected, replayed) naming the job, and the runner's answer time labelled by its outcome. A
/// replayed answer never asks the runner, so it adds no runner time.</summary>
[Collection(MetricsCollection.Name)]
public sealed class AdmissionRecordTests(AdmissionRecordTests.Host host) : IClassFixture<AdmissionRecordTests.Host>
{
    /// <summary>The API host at the service's default log level for admission (the test hosts
    /// default to warnings).</summary>
    public sealed class Host : ApiTestHost
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Geopera.Clip.Host.Api.Admission"] = "Information",
        };
    }

    private static CapturedLog Event(ApiTestHost host, string name, string jobId) =>
        Assert.Single(host.Logs.Entries, e => e.EventId.Name == name && e.Message.Contains(jobId, StringComparison.Ordinal));

    [Fact]
    public async Task Admitted_rejected_and_replayed_admissions_each_log_their_event_and_time_their_runner_answer()
    {
        var before = await PrometheusText.ScrapeAsync(host.Http);

        await host.CreateJobAsync(host.Tenant);
        var key = Guid.NewGuid().ToString();
        var jobId = await host.CreateJobAsync(host.Tenant, key);
        var admitted = Event(host, "Admitted", jobId);
        Assert.Equal(2, host.Logs.Entries.Count(e => e.EventId.Name == "Admitted"));
        Assert.Equal($"Admitted job {jobId} with 1 assets", admitted.Message);

        var again = await host.Http.OpAsync("clip.create_from_item", host.Tenant.FullKey, ApiCalls.CreateFromItemBody(host.Tenant), key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal($"Replayed stored admission of job {jobId} for Idempotency-Key {key}", Event(host, "Replayed", jobId).Message);

        var poor = await host.Seed.TenantAsync(host.SourceCog, creditLimit: 1);
        var refused = await host.Http.OpAsync("clip.create_from_item", poor.FullKey, ApiCalls.CreateFromItemBody(poor), Guid.NewGuid().ToString());
        await refused.ProblemAsync(HttpStatusCode.PaymentRequired, "quota-exceeded");
        var rejected = Assert.Single(host.Logs.Entries, e => e.EventId.Name == "Rejected");
        Assert.StartsWith("Admission of job ", rejected.Message, StringComparison.Ordinal);
        Assert.Contains(" rejected: QuotaExceeded: ", rejected.Message, StringComparison.Ordinal);

        var after = await PrometheusText.ScrapeAsync(host.Http);
        double Runner(string outcome) =>
            after.Sum("clip_admission_duration_seconds_count", "clip_admission_outcome=" + outcome)
            - before.Sum("clip_admission_duration_seconds_count", "clip_admission_outcome=" + outcome);
        Assert.Equal((2.0, 1.0, 0.0), (Runner("admitted"), Runner("rejected"), Runner("failed")));
    }
}
