using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Geopera.Clip.Host.Api.Operations;
using Xunit;

namespace Geopera.Clip.Tests.Api.Fuzz;

/// <summary>
/// Thousands of generated and mutated bodies (fixed seed) sent to every operation through the
/// real HTTP pipeline: each answer is a 4xx RFC 9457 problem (or the documented 503), nothing is
/// written, and the service logs no error.
/// </summary>
public sealed class RequestBodyFuzzTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    private const int Seed = 20261201;
    // 2,000 bodies: a few seconds on an idle machine; the run's length is bounded by this count.
    private const int BodiesPerOperation = 250;

    /// <summary>A valid body per operation aimed at something the caller cannot reach.</summary>
    private static string ValidBody(string operation, Tenant tenant, Func<string> uuid) => operation switch
    {
        "clip.create_from_item" => $$"""{"source_item_id":"{{uuid()}}","project_id":"{{tenant.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}},"asset_keys":["visual"],"output_name":"fuzz"}""",
        "clip.create_from_area" => $$"""{"area_id":"{{uuid()}}","project_id":"{{tenant.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}},"mosaic_types":["rgb"],"output_name":"fuzz"}""",
        "clip.jobs.list" => """{"organization_id":"org-someone-else","status":"completed","limit":10,"offset":0}""",
        "clip.job.download" or "clip.job.tile_info" => $$"""{"job_id":"{{uuid()}}","mosaic_type":"rgb"}""",
        "clip.job.get" or "clip.job.downloads" or "clip.job.delete" => $$"""{"job_id":"{{uuid()}}"}""",
        _ => throw new InvalidOperationException($"No fuzz template for {operation}: add one so its bodies are fuzzed too."),
    };

    private static IReadOnlyList<string> FieldNames(OperationDescriptor operation) =>
        [.. operation.RequestType.GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))];

    [Fact]
    public async Task Every_generated_body_is_refused_with_a_problem_and_changes_nothing()
    {
        var cases = new List<(string Operation, FuzzBody Body)>();
        foreach (var (operation, index) in OperationCatalog.Descriptors.Select((o, i) => (o, i)))
        {
            var seeded = new Random(Seed + index);
            var bodies = new FuzzBodies(Seed + index, FieldNames(operation),
                ValidBody(operation.Id, host.Tenant, () => FuzzBodies.Uuid(seeded)));
            for (var i = 0; i < BodiesPerOperation; i++)
                cases.Add((operation.Id, bodies.Next()));
        }
        var before = await host.Seed.WritableStateAsync();
        var tree = host.StorageTree();
        var failures = new ConcurrentQueue<string>();
        var codes = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken }, async (c, ct) =>
        {
            var verdict = await SendAsync(c.Operation, c.Body, ct);
            codes.AddOrUpdate(verdict.Code ?? "?", 1, (_, n) => n + 1);
            if (verdict.Failure is { } failure)
                failures.Enqueue($"{c.Operation} [{c.Body.Recipe}] {Preview(c.Body.Bytes)} → {failure}");
        });

        clock.Stop();
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} bodies were not refused with a 4xx problem:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(host.Logs.ErrorsOfThisHost.Count == 0, string.Join("\n", host.Logs.ErrorsOfThisHost));
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Equal(tree, host.StorageTree());
        // The bodies reach every layer: the parser, the media type check, the field reader and the lookups.
        Assert.Superset(new HashSet<string> { "malformed-json", "invalid-request", "unsupported-media-type", "job-not-found" }, codes.Keys.ToHashSet());
        TestContext.Current.SendDiagnosticMessage($"{cases.Count} bodies in {clock.Elapsed.TotalSeconds:F1} s: " + string.Join(", ", codes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}")));
    }

    private async Task<(string? Code, string? Failure)> SendAsync(string operation, FuzzBody body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/op/" + operation) { Content = new ByteArrayContent(body.Bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Tenant.FullKey);
        request.Headers.Add("Idempotency-Key", "fuzz-" + Guid.NewGuid().ToString("N"));
        using var response = await host.Http.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return (null, $"{status} {response.Content.Headers.ContentType} {text[..Math.Min(200, text.Length)]}");
        using var problem = JsonDocument.Parse(text);
        var type = problem.RootElement.GetProperty("type").GetString()!;
        var code = type[(type.LastIndexOf('/') + 1)..];
        var documented503 = status == 503 && code == "service-unavailable";
        var answered = problem.RootElement.GetProperty("status").GetInt32();
        if (!(status is >= 400 and < 500 || documented503) || answered != status)
            return (code, $"{status} {text[..Math.Min(300, text.Length)]}");
        return (code, null);
    }

    private static string Preview(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length <= 160 ? text : text[..160] + "…";
    }
}
