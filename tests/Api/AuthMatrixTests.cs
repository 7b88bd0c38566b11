using System.Net;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Every operation × {no key, unknown key, revoked key, missing scope, another
/// organization's job}: the right status, and nothing of the other organization in the body.</summary>
public sealed class AuthMatrixTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    internal static readonly string[] OperationIds =
    [
        "clip.create_from_item", "clip.create_from_area", "clip.jobs.list", "clip.job.get",
        "clip.job.downloads", "clip.job.download", "clip.job.tile_info", "clip.job.delete",
    ];

    public static readonly TheoryData<string> Operations = [.. OperationIds];

    private static readonly Dictionary<string, string> Scopes = new()
    {
        ["clip.create_from_item"] = "processing:process",
        ["clip.create_from_area"] = "clip:write",
        ["clip.jobs.list"] = "clip:read",
        ["clip.job.get"] = "clip:read",
        ["clip.job.downloads"] = "clip:read",
        ["clip.job.download"] = "clip:read",
        ["clip.job.tile_info"] = "clip:read",
        ["clip.job.delete"] = "clip:destroy",
    };

    /// <summary>A valid body of the operation, aimed at <paramref name="owner"/>'s resources.</summary>
    internal static string Body(string operation, Tenant owner, string jobId) => operation switch
    {
        "clip.create_from_item" => ApiCalls.CreateFromItemBody(owner),
        "clip.create_from_area" => $$"""{"area_id":"{{owner.AreaId}}","project_id":"{{owner.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}}}""",
        "clip.jobs.list" => $$"""{"organization_id":"{{owner.OrganizationId}}"}""",
        "clip.job.download" => $$"""{"job_id":"{{jobId}}","mosaic_type":"rgb"}""",
        _ => $$"""{"job_id":"{{jobId}}"}""",
    };

    private async Task<(System.Text.Json.JsonElement Problem, string Raw)> CallAsync(string operation, string? key, Tenant owner, string jobId, HttpStatusCode expected, string code)
    {
        var before = await host.Seed.WritableStateAsync();
        var response = await host.Http.OpAsync(operation, key, Body(operation, owner, jobId), Guid.NewGuid().ToString());
        var problem = await response.ProblemAsync(expected, code);
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        return (problem, problem.GetRawText());
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_a_key_401_with_WWW_Authenticate(string operation)
    {
        var response = await host.Http.OpAsync(operation, null, Body(operation, host.Tenant, Guid.NewGuid().ToString()), Guid.NewGuid().ToString());
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task With_an_unknown_or_revoked_key_401(string operation)
    {
        var unknown = "gpra_" + Guid.NewGuid().ToString("N");
        await CallAsync(operation, unknown, host.Tenant, Guid.NewGuid().ToString(), HttpStatusCode.Unauthorized, "unauthenticated");
        var revoked = await host.Seed.KeyAsync(host.Tenant.OrganizationId, ApiSeed.AllScopes, revoked: true);
        await CallAsync(operation, revoked, host.Tenant, Guid.NewGuid().ToString(), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_the_operation_scope_403(string operation)
    {
        var allButOne = ApiSeed.AllScopes.Where(s => s != Scopes[operation]).ToArray();
        var key = await host.Seed.KeyAsync(host.Tenant.OrganizationId, allButOne);
        var (problem, _) = await CallAsync(operation, key, host.Tenant, Guid.NewGuid().ToString(), HttpStatusCode.Forbidden, "insufficient-scope");
        Assert.Equal(Scopes[operation], problem.GetProperty("required_scope").GetString());
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Against_another_organizations_resources_403_or_404_revealing_nothing(string operation)
    {
        var otherJob = await host.CompletedJobAsync(host.Other, "secret_name");
        var (expected, code) = operation switch
        {
            "clip.create_from_item" or "clip.create_from_area" => (HttpStatusCode.Forbidden, "forbidden-resource"),
            "clip.jobs.list" => (HttpStatusCode.Forbidden, "forbidden-organization"),
            _ => (HttpStatusCode.NotFound, "job-not-found"),
        };
        var tree = host.StorageTree();
        var (_, raw) = await CallAsync(operation, host.Tenant.FullKey, host.Other, otherJob, expected, code);
        Assert.DoesNotContain("secret_name", raw);
        Assert.DoesNotContain(host.Other.OrganizationId, raw);
        Assert.Equal(tree, host.StorageTree());
    }
}
