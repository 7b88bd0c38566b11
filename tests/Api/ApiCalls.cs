using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Calling operations the way a client does, and checking answers the way the spec says.</summary>
public static class ApiCalls
{
    /// <summary>An AOI well inside the generated source COG (15.00–15.03°E, 45.176–45.2°N).</summary>
    public const string Aoi = """{"type":"Polygon","coordinates":[[[15.005,45.18],[15.02,45.18],[15.02,45.195],[15.005,45.195],[15.005,45.18]]]}""";

    public static string CreateFromItemBody(Tenant t, string outputName = "harbour_clip", string? extra = null) =>
        $$"""{"source_item_id":"{{t.ItemId}}","project_id":"{{t.ProjectId}}","aoi_geometry":{{Aoi}},"asset_keys":["visual"],"output_name":"{{outputName}}"{{extra}}}""";

    public static Task<HttpResponseMessage> OpAsync(this HttpClient http, string operation, string? key, string body,
        string? idempotencyKey = null, string contentType = "application/json", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/op/" + operation)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        configure?.Invoke(request);
        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> OpAsync(this HttpClient http, string operation, string? key, object body, string? idempotencyKey = null) =>
        http.OpAsync(operation, key, JsonSerializer.Serialize(body), idempotencyKey);

    /// <summary>Makes a call inside a caller's span, which the test's HTTP client sends as
    /// traceparent, as a traced client would: the server's spans and logs join the caller's trace.</summary>
    public static async Task<(T Result, ActivityTraceId TraceId)> InCallerTraceAsync<T>(Func<Task<T>> call)
    {
        using var caller = new Activity("test client").SetIdFormat(ActivityIdFormat.W3C).Start();
        return (await call(), caller.TraceId);
    }

    /// <summary>Asserts an RFC 9457 problem with this status and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.StartsWith("https://api.geopera.com/problems/", problem.GetProperty("type").GetString());
        if (code is not null)
            Assert.Equal("https://api.geopera.com/problems/" + code, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.StartsWith("/", problem.GetProperty("instance").GetString());
        return problem;
    }

    /// <summary>Asserts 200 with a JSON body and returns it.</summary>
    public static async Task<JsonElement> OkJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Creates a clip job for the tenant and returns its id.</summary>
    public static async Task<string> CreateJobAsync(this ApiTestHost host, Tenant t, string? idempotencyKey = null, string outputName = "harbour_clip")
    {
        var response = await host.Http.OpAsync("clip.create_from_item", t.FullKey, CreateFromItemBody(t, outputName), idempotencyKey ?? Guid.NewGuid().ToString());
        return (await response.OkJsonAsync()).GetProperty("job").GetProperty("id").GetString()!;
    }

    /// <summary>Creates a job and waits until its warps are registered.</summary>
    public static async Task<string> CompletedJobAsync(this ApiTestHost host, Tenant t, string outputName = "harbour_clip")
    {
        var jobId = await host.CreateJobAsync(t, outputName: outputName);
        await host.WaitForJobAsync(jobId);
        return jobId;
    }
}
