using System.Net;
using System.Text.Json;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>What the host serves besides operations: the OpenAPI document, the reference page,
/// health endpoints, problems for unmatched routes.</summary>
public sealed class ServiceSurfaceTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    private static readonly string[] Operations =
    [
        "clip.create_from_item", "clip.create_from_area", "clip.jobs.list", "clip.job.get",
        "clip.job.downloads", "clip.job.download", "clip.job.tile_info", "clip.job.delete",
    ];

    [Fact]
    public async Task OpenApi_documents_every_operation_with_request_response_scope_and_problems()
    {
        var text = await host.Http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var doc = JsonDocument.Parse(text).RootElement;
        var paths = doc.GetProperty("paths");
        Assert.Equal(Operations.Length, paths.EnumerateObject().Count());
        foreach (var op in Operations)
        {
            var post = paths.GetProperty("/v1/op/" + op).GetProperty("post");
            Assert.Equal(op, post.GetProperty("operationId").GetString());
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
            var responses = post.GetProperty("responses");
            foreach (var status in new[] { "200", "400", "401", "403", "413", "415", "500" })
                Assert.True(responses.TryGetProperty(status, out _), $"{op} documents {status}");
            Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
            Assert.NotEmpty(post.GetProperty("security").EnumerateArray());
        }
        var create = paths.GetProperty("/v1/op/clip.create_from_item").GetProperty("post");
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(create.GetProperty("responses").TryGetProperty("402", out _));
        Assert.True(paths.GetProperty("/v1/op/clip.job.download").GetProperty("post").GetProperty("responses").GetProperty("200")
            .GetProperty("content").TryGetProperty("image/tiff", out _));
        var required = doc.GetProperty("components").GetProperty("schemas").GetProperty("CreateFromItemRequest").GetProperty("required")
            .EnumerateArray().Select(e => e.GetString()).Order().ToArray();
        Assert.Equal(["aoi_geometry", "project_id", "source_item_id"], required);
        Assert.Contains("source_item_id", text);
        Assert.Contains("assets_to_clip", text);
    }

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
