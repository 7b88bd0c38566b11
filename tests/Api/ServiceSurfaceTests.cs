using System.Globalization;
using System.Net;
using System.Text.Json;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>What the host serves besides operations: the OpenAPI document, the reference page,
/// health endpoints, problems for unmatched routes.</summary>
public sealed class ServiceSurfaceTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    [Fact]
    public async Task OpenApi_entry_of_every_operation_is_generated_from_its_descriptor()
    {
        var doc = await DocumentAsync();
        var paths = doc.GetProperty("paths");
        Assert.Equal(OperationCatalog.Descriptors.Select(d => "/v1/op/" + d.Id).Append("/v1/op/{operation_id}").Order(),
            paths.EnumerateObject().Select(p => p.Name).Order());
        foreach (var op in OperationCatalog.Descriptors)
        {
            var post = paths.GetProperty("/v1/op/" + op.Id).GetProperty("post");
            Assert.Equal(op.Id, post.GetProperty("operationId").GetString());
            var responses = post.GetProperty("responses").EnumerateObject().ToDictionary(r => int.Parse(r.Name, CultureInfo.InvariantCulture), r => r.Value);
            Assert.Equal(op.AllAnswers.Select(a => a.Status), responses.Keys.Order());
            foreach (var answer in op.AllAnswers)
                Assert.Equal(answer.Meaning, responses[answer.Status].GetProperty("description").GetString());
            foreach (var (status, response) in responses.Where(r => r.Key >= 400))
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{op.Id} {status}");
            var scopes = post.GetProperty("security")[0].EnumerateObject().Single().Value.EnumerateArray().Select(e => e.GetString());
            Assert.Equal([op.Scope], scopes);
            Assert.Equal(op.Scope, post.GetProperty("x-required-scope").GetString());
            Assert.Equal(op.SideEffect.WireName(), post.GetProperty("x-side-effect").GetString());
            Assert.Equal(op.RequiresIdempotencyKey, post.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key"));
        }
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single().Value;
        Assert.Equal(OperationCatalog.Descriptors.Select(d => d.Scope).Distinct().Order(),
            scheme.GetProperty("x-scopes").EnumerateObject().Select(s => s.Name).Order());
    }

    [Fact]
    public async Task OpenApi_describes_the_download_as_raw_tiff_with_206_and_its_headers()
    {
        var download = (await DocumentAsync()).GetProperty("paths").GetProperty("/v1/op/clip.job.download").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "200", "206" })
        {
            var tiff = download.GetProperty(status).GetProperty("content").GetProperty("image/tiff");
            Assert.False(tiff.TryGetProperty("schema", out _), "a raw TIFF body has no JSON schema (no base64 string)");
            var headers = download.GetProperty(status).GetProperty("headers");
            foreach (var header in new[] { "Content-Disposition", "Accept-Ranges" })
                Assert.True(headers.GetProperty(header).GetProperty("required").GetBoolean(), $"{status} {header}");
        }
        Assert.True(download.GetProperty("206").GetProperty("headers").TryGetProperty("Content-Range", out _));
        Assert.True(download.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
    }

    [Fact]
    public async Task OpenApi_problem_schema_requires_the_members_every_problem_carries_and_names_the_others()
    {
        var problem = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("Problem");
        Assert.Equal(["detail", "instance", "status", "title", "trace_id", "type"], problem.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.False(problem.GetProperty("additionalProperties").GetBoolean());
        var members = problem.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "errors", "code", "required_scope", "used", "limit", "requested", "job_status" }, members);
    }

    [Fact]
    public async Task OpenApi_request_schemas_are_as_strict_as_the_server()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        foreach (var request in OperationCatalog.Descriptors.Select(d => d.RequestType.Name).Distinct())
            Assert.False(schemas.GetProperty(request).GetProperty("additionalProperties").GetBoolean(), request);
        var list = schemas.GetProperty("JobsListRequest").GetProperty("properties");
        Assert.Equal("1", list.GetProperty("limit").GetProperty("minimum").ToString());
        Assert.Equal("200", list.GetProperty("limit").GetProperty("maximum").ToString());
        Assert.Equal("0", list.GetProperty("offset").GetProperty("minimum").ToString());
        Assert.Equal(JobStatus.All, list.GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var keys = schemas.GetProperty("CreateFromItemRequest").GetProperty("properties").GetProperty("asset_keys");
        Assert.Equal((1, 32, true), (keys.GetProperty("minItems").GetInt32(), keys.GetProperty("maxItems").GetInt32(), keys.GetProperty("uniqueItems").GetBoolean()));
        // Answers leave null members out: such members are optional, not required-but-absent.
        var job = schemas.GetProperty("JobView");
        Assert.DoesNotContain(job.GetProperty("required").EnumerateArray().Select(e => e.GetString()), m => m is "assets" or "failure" or "completed_at");
        // Likewise inside objects reached only through a member (a failure without quota numbers has no details).
        var failure = schemas.GetProperty("JobFailureView");
        Assert.Equal(["message", "type"], failure.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal("object", failure.GetProperty("properties").GetProperty("details").GetProperty("type").GetString());
    }

    [Fact]
    public async Task OpenApi_servers_do_not_echo_the_callers_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";
        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("attacker.example", text);
        Assert.Equal("/", JsonDocument.Parse(text).RootElement.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await host.Http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;

    [Fact]
    public async Task Docs_page_is_self_contained_html_reading_the_document()
    {
        var response = await host.Http.GetAsync("/docs", TestContext.Current.CancellationToken);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("/openapi/v1.json", html);
        Assert.DoesNotContain("https://cdn", html);
        Assert.DoesNotContain("<script src=", html);
    }

    [Fact]
    public async Task Health_endpoints_answer_live_and_ready_as_far_as_the_runner_allows()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
        var response = await host.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var states = report.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("state").GetString());
        Assert.Equal("pass", states["database"]);
        // The in-process runner stands in for Temporal, but /readyz asks the real frontend, which
        // this host points at a closed port: not ready. Against a real server everything passes.
        var temporalServer = host.Gateway is null;
        Assert.Equal(temporalServer ? "pass" : "fail", states["temporal"]);
        Assert.Equal(temporalServer ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Unmatched_routes_answer_problems()
    {
        var response = await host.Http.GetAsync("/v2/anything", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("https://api.geopera.com/problems/not-found", problem.GetProperty("type").GetString());
    }
}
