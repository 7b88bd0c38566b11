using System.Net;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>clip.create_from_item admission outcomes (spec: 400/402/403) and idempotency.</summary>
public sealed class AdmissionTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    private Tenant T => host.Tenant;

    private async Task<System.Text.Json.JsonElement> RefusedAsync(Tenant t, string body, HttpStatusCode status, string code)
    {
        var before = await host.Seed.WritableStateAsync();
        var tree = host.StorageTree();
        var problem = await (await host.Http.OpAsync("clip.create_from_item", t.FullKey, body, Guid.NewGuid().ToString())).ProblemAsync(status, code);
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Equal(tree, host.StorageTree());
        return problem;
    }

    private static string Body(string itemId, string projectId, string? assetKeys = null) =>
        $$"""{"source_item_id":"{{itemId}}","project_id":"{{projectId}}","aoi_geometry":{{ApiCalls.Aoi}}{{(assetKeys is null ? "" : ",\"asset_keys\":" + assetKeys)}}}""";

    [Fact]
    public async Task No_matching_raster_assets_is_400()
    {
        await RefusedAsync(T, Body(T.ItemId, T.ProjectId, """["thermal"]"""), HttpStatusCode.BadRequest, "no-raster-assets");
        var thumbnailOnly = await host.Seed.ItemAsync(T.ProjectId);
        await host.Seed.ExecAsync("INSERT INTO assets (item_id, key, href, media_type) VALUES ($1, 'thumb', 'gs://b/thumb.png', 'image/png')", thumbnailOnly);
        await RefusedAsync(T, Body(thumbnailOnly, T.ProjectId), HttpStatusCode.BadRequest, "no-raster-assets");
    }

    [Theory]
    [InlineData("file:///etc/passwd.tif")]
    [InlineData("/etc/shadow.tif")]
    [InlineData("http://169.254.169.254/latest/meta-data.tif")]
    [InlineData("../../sources/source.tif")]
    public async Task Asset_hrefs_outside_the_allowed_stores_are_never_read(string href)
    {
        var item = await host.Seed.ItemAsync(T.ProjectId, ("visual", href));
        await RefusedAsync(T, Body(item, T.ProjectId), HttpStatusCode.BadRequest, "no-raster-assets");
    }

    [Fact]
    public async Task Output_project_without_storage_bucket_is_400()
    {
        var bucketless = await host.Seed.ProjectAsync(T.OrganizationId, bucket: null);
        await RefusedAsync(T, Body(T.ItemId, bucketless), HttpStatusCode.BadRequest, "no-storage-bucket");
    }

    [Fact]
    public async Task Unknown_item_or_project_is_400()
    {
        await RefusedAsync(T, Body(Guid.NewGuid().ToString(), T.ProjectId), HttpStatusCode.BadRequest, "unknown-reference");
        await RefusedAsync(T, Body(T.ItemId, Guid.NewGuid().ToString()), HttpStatusCode.BadRequest, "unknown-reference");
    }

    [Fact]
    public async Task Item_or_project_of_another_organization_is_403_and_reveals_nothing()
    {
        var problem = await RefusedAsync(T, Body(host.Other.ItemId, T.ProjectId), HttpStatusCode.Forbidden, "forbidden-resource");
        Assert.DoesNotContain(host.Other.OrganizationId, problem.GetRawText());
        await RefusedAsync(T, Body(T.ItemId, host.Other.ProjectId), HttpStatusCode.Forbidden, "forbidden-resource");
    }

    [Fact]
    public async Task Quota_exceeded_is_402_with_used_and_limit()
    {
        var poor = await host.Seed.TenantAsync(host.SourceCog, creditLimit: 1);
        var problem = await RefusedAsync(poor, Body(poor.ItemId, poor.ProjectId), HttpStatusCode.PaymentRequired, "quota-exceeded");
        Assert.Equal(0, problem.GetProperty("used").GetInt64());
        Assert.Equal(1, problem.GetProperty("limit").GetInt64());
        Assert.True(problem.GetProperty("requested").GetInt64() > 1);
    }

    [Fact]
    public async Task A_job_cancelled_before_admission_answers_409_job_cancelled_to_the_request_and_its_retry_and_reserves_nothing()
    {
        var runner = host.RequireInProcessRunner();
        var tenant = await host.Seed.TenantAsync(host.SourceCog);
        var key = Guid.NewGuid().ToString();
        var workflowId = JobIdentity.WorkflowId(JobIdentity.JobId(tenant.OrganizationId, key));
        using var admissions = runner.HoldAdmissions();
        var create = host.Http.OpAsync("clip.create_from_item", tenant.FullKey, ApiCalls.CreateFromItemBody(tenant), key);
        while (runner.Find(workflowId) is null)
            await Task.Delay(20, TestContext.Current.CancellationToken);
        // An operator cancels the workflow (Temporal UI) while it resolves the assets.
        await runner.CancelAsync(workflowId, TestContext.Current.CancellationToken);
        admissions.Open();

        var problem = await (await create).ProblemAsync(HttpStatusCode.Conflict, "job-cancelled");
        Assert.Contains("new Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retry = await host.Http.OpAsync("clip.create_from_item", tenant.FullKey, ApiCalls.CreateFromItemBody(tenant), key);
        await retry.ProblemAsync(HttpStatusCode.Conflict, "job-cancelled");
        Assert.Equal("true", retry.Headers.GetValues(IdempotentAdmission.ReplayedHeader).Single());
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT reserved_units + committed_units FROM credit_accounts WHERE organization_id = $1", tenant.OrganizationId));
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT count(*) FROM jobs WHERE organization_id = $1", tenant.OrganizationId));
    }

    [Fact]
    public async Task The_gateway_starts_the_job_with_its_id_queues_policies_search_attributes_and_a_stable_update_id()
    {
        host.RequireInProcessRunner();
        var key = Guid.NewGuid().ToString();
        var jobId = await host.CreateJobAsync(T, key, "options");
        var sent = host.Boundary!.UpdateWithStarts.Last(u => u.Options.StartWorkflowOperation!.Options.Id == JobIdentity.WorkflowId(jobId));
        var start = sent.Options.StartWorkflowOperation!;
        var input = (ClipJobInput)start.Args.Single()!;

        Assert.Equal(JobIdentity.AdmitUpdateId(jobId, input.RequestFingerprint), sent.Options.Id);
        Assert.Equal(("clip-main", "clip-warp"), (start.Options.TaskQueue, input.WarpTaskQueue));
        Assert.Equal((WorkflowIdConflictPolicy.UseExisting, WorkflowIdReusePolicy.RejectDuplicate), (start.Options.IdConflictPolicy, start.Options.IdReusePolicy));
        var attributes = start.Options.TypedSearchAttributes!;
        Assert.Equal(T.OrganizationId, attributes.Get(ClipSearchAttributes.OrganizationId));
        Assert.Equal(T.ProjectId, attributes.Get(ClipSearchAttributes.ProjectId));
        Assert.Equal(T.ItemId, attributes.Get(ClipSearchAttributes.SourceItemId));
        Assert.Equal(JobStatus.Admitting, attributes.Get(ClipSearchAttributes.JobStatus));
        Assert.Equal("options", start.Options.Memo!["output_name"]);
        Assert.Equal((T.OrganizationId, key), (input.OrganizationId, input.IdempotencyKey));
        await host.WaitForJobAsync(jobId);
    }

    [Fact]
    public async Task A_refused_key_answers_the_same_refusal_from_the_database_and_another_body_422()
    {
        var poor = await host.Seed.TenantAsync(host.SourceCog, creditLimit: 1);
        var key = Guid.NewGuid().ToString();
        var body = Body(poor.ItemId, poor.ProjectId);
        var first = await (await host.Http.OpAsync("clip.create_from_item", poor.FullKey, body, key)).ProblemAsync(HttpStatusCode.PaymentRequired, "quota-exceeded");
        Assert.Equal(402, await host.Seed.ScalarAsync(
            "SELECT response_status FROM idempotency_keys WHERE organization_id = $1 AND key = $2", poor.OrganizationId, key));
        var calls = host.Gateway?.AdmitCalls;

        // Answered from PostgreSQL, not from the closed workflow: the same after Temporal's retention.
        var again = await host.Http.OpAsync("clip.create_from_item", poor.FullKey, body, key);
        Assert.Equal("true", again.Headers.GetValues(IdempotentAdmission.ReplayedHeader).Single());
        var replayed = await again.ProblemAsync(HttpStatusCode.PaymentRequired, "quota-exceeded");
        foreach (var member in new[] { "used", "limit", "requested", "detail", "title" })
            Assert.Equal(first.GetProperty(member).GetRawText(), replayed.GetProperty(member).GetRawText());
        Assert.NotEqual(first.GetProperty("trace_id").GetString(), replayed.GetProperty("trace_id").GetString());
        Assert.Equal(calls, host.Gateway?.AdmitCalls);

        await (await host.Http.OpAsync("clip.create_from_item", poor.FullKey, Body(poor.ItemId, poor.ProjectId, "[\"data\"]"), key))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
    }

    [Fact]
    public async Task Same_key_and_body_returns_the_same_answer_without_a_second_reservation_or_runner_call()
    {
        var key = Guid.NewGuid().ToString();
        var body = ApiCalls.CreateFromItemBody(T, "idem");
        var first = await host.Http.OpAsync("clip.create_from_item", T.FullKey, body, key);
        var firstText = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var jobId = (await first.OkJsonAsync()).GetProperty("job").GetProperty("id").GetString()!;
        var calls = host.Gateway?.AdmitCalls;

        // Reformatted but equal body: same request.
        var again = await host.Http.OpAsync("clip.create_from_item", T.FullKey, body.Replace(",", ", "), key);
        var againText = await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(firstText), System.Text.Json.Nodes.JsonNode.Parse(againText)), againText);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(calls, host.Gateway?.AdmitCalls); // answered from PostgreSQL: works past Temporal retention
        Assert.Equal(1, await host.Seed.ScalarAsync("SELECT count(*) FROM credit_ledger WHERE job_id = $1::uuid AND kind = 'reserve'", jobId));
        await host.WaitForJobAsync(jobId);
    }

    [Fact]
    public async Task Same_key_with_another_body_or_operation_is_422_and_changes_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var jobId = (await (await host.Http.OpAsync("clip.create_from_item", T.FullKey, ApiCalls.CreateFromItemBody(T, "one"), key)).OkJsonAsync())
            .GetProperty("job").GetProperty("id").GetString()!;
        await host.WaitForJobAsync(jobId);
        var before = await host.Seed.WritableStateAsync();
        await (await host.Http.OpAsync("clip.create_from_item", T.FullKey, ApiCalls.CreateFromItemBody(T, "two"), key))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        var areaBody = $$"""{"area_id":"{{T.AreaId}}","project_id":"{{T.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}}}""";
        await (await host.Http.OpAsync("clip.create_from_area", T.FullKey, areaBody, key))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(before, await host.Seed.WritableStateAsync());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_make_one_job_and_one_reservation()
    {
        var tenant = await host.Seed.TenantAsync(host.SourceCog);
        var key = Guid.NewGuid().ToString();
        var body = ApiCalls.CreateFromItemBody(tenant, "race");
        using var start = new Barrier(12);
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return await host.Http.OpAsync("clip.create_from_item", tenant.FullKey, body, key);
        })));
        var ids = new HashSet<string>();
        foreach (var response in responses)
            ids.Add((await response.OkJsonAsync()).GetProperty("job").GetProperty("id").GetString()!);
        var jobId = Assert.Single(ids);
        Assert.Equal(1, await host.Seed.ScalarAsync("SELECT count(*) FROM jobs WHERE organization_id = $1", tenant.OrganizationId));
        Assert.Equal(1, await host.Seed.ScalarAsync("SELECT count(*) FROM credit_ledger WHERE job_id = $1::uuid AND kind = 'reserve'", jobId));
        await host.WaitForJobAsync(jobId);
        Assert.Single(host.StorageTree(), p => p.StartsWith(ApiSeed.Bucket + "/") && p.Contains(jobId) && p.EndsWith(".tif"));
    }
}
