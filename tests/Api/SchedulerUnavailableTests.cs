using System.Net;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The service with its real Temporal gateway pointed at an address where no server
/// listens, as when Temporal is down.</summary>
public sealed class UnreachableTemporalHost : ApiTestHost
{
    protected override bool MayUseInProcessRunner => false;
}

/// <summary>When Temporal cannot be reached: create answers 503 with Retry-After and reserves
/// nothing; reads fall back to the job rows.</summary>
public sealed class SchedulerUnavailableTests(UnreachableTemporalHost host) : IClassFixture<UnreachableTemporalHost>
{
    [Fact]
    public async Task Create_answers_503_with_Retry_After_and_reserves_nothing()
    {
        var before = await host.Seed.WritableStateAsync();
        var response = await host.Http.OpAsync("clip.create_from_item", host.Tenant.FullKey, ApiCalls.CreateFromItemBody(host.Tenant), Guid.NewGuid().ToString());
        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.True(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds >= 1);
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Empty(host.StorageTree());
    }

    [Fact]
    public async Task Deleting_a_running_job_answers_503_and_deletes_nothing_when_it_cannot_be_cancelled()
    {
        var jobId = Guid.NewGuid().ToString();
        await host.Seed.ExecAsync("""
            INSERT INTO jobs (id, organization_id, project_id, job_type, status, request, aoi, asset_keys, workflow_id, output_bucket, reserved_units)
            VALUES ($1::uuid, $2, $3, 'cog_clip', 'running', '{}', '{}', '{visual}', 'clip-' || $1, 'clip-outputs', 0)
            """, jobId, host.Tenant.OrganizationId, host.Tenant.ProjectId);
        var got = await (await host.Http.OpAsync("clip.job.get", host.Tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("running", got.GetProperty("status").GetString()); // from the row: the live query failed
        var before = await host.Seed.WritableStateAsync();
        await (await host.Http.OpAsync("clip.job.delete", host.Tenant.FullKey, new { job_id = jobId }))
            .ProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.Equal(before, await host.Seed.WritableStateAsync());
    }
}
