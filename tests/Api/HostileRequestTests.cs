using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Malformed and hostile requests: each ends in a 4xx RFC 9457 problem, never a 500,
/// and writes nothing (database rows, credits, idempotency keys, storage tree all unchanged).</summary>
public sealed class HostileRequestTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    public static TheoryData<string> Cases => [.. HostileCases.All.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_request_is_a_4xx_problem_and_changes_nothing(string name)
    {
        var c = HostileCases.All[name];
        var jobId = await JobAsync();
        var body = c.Body.Replace("{ITEM}", host.Tenant.ItemId).Replace("{PROJECT}", host.Tenant.ProjectId)
            .Replace("{AREA}", host.Tenant.AreaId).Replace("{ORG}", host.Tenant.OrganizationId).Replace("{JOB}", jobId);
        var before = await host.Seed.WritableStateAsync();
        var tree = host.StorageTree();

        using var request = new HttpRequestMessage(new HttpMethod(c.Method), "/v1/op/" + c.Operation);
        if (c.Method is not "GET" and not "DELETE")
        {
            request.Content = c.RawBody is { } raw ? new ByteArrayContent(raw) : new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        }
        if (c.Authorization is { } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        else
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Tenant.FullKey);
        if (c.IdempotencyKey is { } key)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var problem = await response.ProblemAsync((HttpStatusCode)c.Status, c.Code);
        if (c.Status == 405)
            Assert.Equal("POST", response.Content.Headers.Allow.Single());
        if (c.Code == "invalid-request")
            Assert.NotEqual(0, problem.GetProperty("errors").GetArrayLength());
        if (c.Code == "invalid-aoi")
            Assert.StartsWith("aoi.", problem.GetProperty("code").GetString());
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Equal(tree, host.StorageTree());
    }

    [Fact]
    public async Task Field_problems_name_every_invalid_field_at_once()
    {
        var body = """{"source_item_id":1,"project_id":"no pe","aoi_geometry":{"type":"Polygon","coordinates":[]},"output_name":"../x","colour":"red"}""";
        var problem = await (await host.Http.OpAsync("clip.create_from_item", host.Tenant.FullKey, body, "k-" + Guid.NewGuid()))
            .ProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "source_item_id", "project_id", "aoi_geometry", "output_name", "colour" }, fields);
    }

    /// <summary>A real job of the caller, so job-scoped hostile requests aim at something that exists.</summary>
    private Task<string> JobAsync() => host.SharedCompletedJobAsync();
}
