using System.Net;
using Geopera.Clip.Host.Api.Admission;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>A host whose jobs clip at most three assets (<c>DataPlatform:MaxAssetsPerJob</c>).</summary>
public sealed class ThreeAssetCapHost : ApiTestHost
{
    public const int Cap = 3;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["DataPlatform:MaxAssetsPerJob"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>The assets-per-job cap over HTTP: a job of exactly the cap is admitted, one more asset is
/// a 400 naming the count and the cap that reserves, writes and stores nothing but its answer.</summary>
public sealed class AssetCapTests(ThreeAssetCapHost host) : IClassFixture<ThreeAssetCapHost>
{
    private async Task<string> ItemWithAssetsAsync(Tenant t, int count) =>
        await host.Seed.ItemAsync(t.ProjectId, [.. Enumerable.Range(1, count).Select(i => ($"band_{i}", host.SourceCog))]);

    private static string Body(Tenant t, string itemId, string? assetKeys = null) =>
        $$"""{"source_item_id":"{{itemId}}","project_id":"{{t.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}},"output_name":"capped"{{(assetKeys is null ? "" : ",\"asset_keys\":" + assetKeys)}}}""";

    [Fact]
    public async Task A_job_of_exactly_the_cap_is_admitted_with_every_asset()
    {
        var t = await host.Seed.TenantAsync(host.SourceCog);
        var item = await ItemWithAssetsAsync(t, ThreeAssetCapHost.Cap);

        var admitted = await (await host.Http.OpAsync("clip.create_from_item", t.FullKey, Body(t, item), Guid.NewGuid().ToString())).OkJsonAsync();

        Assert.Equal(ThreeAssetCapHost.Cap, admitted.GetProperty("assets_to_clip").GetInt32());
        var jobId = admitted.GetProperty("job").GetProperty("id").GetString()!;
        Assert.Equal(1, await host.Seed.ScalarAsync("SELECT count(*) FROM credit_ledger WHERE job_id = $1::uuid AND kind = 'reserve'", jobId));
        await host.WaitForJobAsync(jobId);
        Assert.Equal(ThreeAssetCapHost.Cap, host.StorageTree().Count(p => p.StartsWith(ApiSeed.Bucket + "/", StringComparison.Ordinal) && p.Contains(jobId, StringComparison.Ordinal) && p.EndsWith(".tif", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task One_asset_over_the_cap_is_400_naming_count_and_cap_and_changes_nothing()
    {
        var t = await host.Seed.TenantAsync(host.SourceCog);
        var item = await ItemWithAssetsAsync(t, ThreeAssetCapHost.Cap + 1);
        var before = await host.Seed.WritableStateAsync();
        var tree = host.StorageTree();
        var key = Guid.NewGuid().ToString();

        var problem = await (await host.Http.OpAsync("clip.create_from_item", t.FullKey, Body(t, item), key))
            .ProblemAsync(HttpStatusCode.BadRequest, "too-many-assets");

        Assert.Equal(ThreeAssetCapHost.Cap + 1, problem.GetProperty("assets").GetInt32());
        Assert.Equal(ThreeAssetCapHost.Cap, problem.GetProperty("limit").GetInt32());
        Assert.Contains("4 raster assets", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Equal(tree, host.StorageTree());
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT count(*) FROM jobs WHERE organization_id = $1", t.OrganizationId));
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT coalesce(sum(reserved_units), 0) FROM credit_accounts WHERE organization_id = $1", t.OrganizationId));
        // Kept with its key like every other 400 refusal: the same request answers it again from PostgreSQL.
        Assert.Equal(400, await host.Seed.ScalarAsync(
            "SELECT response_status FROM idempotency_keys WHERE organization_id = $1 AND key = $2", t.OrganizationId, key));
        var again = await host.Http.OpAsync("clip.create_from_item", t.FullKey, Body(t, item), key);
        Assert.Equal("true", again.Headers.GetValues(IdempotentAdmission.ReplayedHeader).Single());
        var replayed = await again.ProblemAsync(HttpStatusCode.BadRequest, "too-many-assets");
        Assert.Equal(problem.GetProperty("assets").GetInt32(), replayed.GetProperty("assets").GetInt32());
    }

    [Fact]
    public async Task The_cap_counts_the_assets_asset_keys_selects_not_those_the_item_has()
    {
        var t = await host.Seed.TenantAsync(host.SourceCog);
        var item = await ItemWithAssetsAsync(t, ThreeAssetCapHost.Cap + 2);

        var admitted = await (await host.Http.OpAsync("clip.create_from_item", t.FullKey,
            Body(t, item, """["band_1","band_2","band_3"]"""), Guid.NewGuid().ToString())).OkJsonAsync();

        Assert.Equal(ThreeAssetCapHost.Cap, admitted.GetProperty("assets_to_clip").GetInt32());
        await host.WaitForJobAsync(admitted.GetProperty("job").GetProperty("id").GetString()!);
    }
}
