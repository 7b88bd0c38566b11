using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class AssetResolutionTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private TestData Data => _platform.Data;

    private static ResolveAssetsInput Input(string organization, string itemId, string project, IReadOnlyList<string>? keys = null) =>
        new(organization, ClipSource.Item(itemId), project, keys, TestData.Aoi);

    private Task<ResolvedAssets> ResolveAsync(ResolveAssetsInput input) => _platform.Resolver.ResolveAsync(input, CancellationToken.None);

    private async Task<string> RefusalAsync(ResolveAssetsInput input) =>
        (await Assert.ThrowsAsync<DataPlatformException>(() => ResolveAsync(input))).ErrorType;

    [Fact]
    public async Task Resolves_raster_assets_in_key_order_skipping_thumbnails_and_metadata()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization, bucket: "out-bucket");
        var item = await Data.ItemAsync(project);
        await Data.AssetAsync(item, "visual", "gs://src/visual.tif", mosaicType: "rgb");
        await Data.AssetAsync(item, "nir", "https://cdn.example.com/nir.tiff", mediaType: null);
        await Data.AssetAsync(item, "analytic", $"{Platform.LocalRoot}/a/analytic.tif", mediaType: "image/tiff; application=geotiff");
        await Data.AssetAsync(item, "thumbnail", "gs://src/thumb.png", mediaType: "image/png");
        await Data.AssetAsync(item, "metadata", "gs://src/meta.json", mediaType: "application/json");

        var resolved = await ResolveAsync(Input(organization, item, project));

        Assert.Equal(["analytic", "nir", "visual"], resolved.Assets.Select(a => a.Key));
        Assert.Equal("rgb", resolved.Assets[2].MosaicType);
        Assert.Equal(["red", "green", "blue"], resolved.Assets[2].BandNames);
        Assert.Equal(("out-bucket", project), (resolved.OutputBucket, resolved.SourceProjectId));
        Assert.Equal(ComputeUnits.ForClip(TestData.Aoi, TestData.Footprint, 3), resolved.ComputeUnits);
    }

    [Fact]
    public async Task Asset_keys_filter_the_assets_and_the_item_may_live_in_another_project_of_the_organization()
    {
        var organization = await Data.OrganizationAsync();
        var source = await Data.ProjectAsync(organization, bucket: null);
        var output = await Data.ProjectAsync(organization);
        var item = await Data.ItemAsync(source);
        await Data.AssetAsync(item, "visual", "gs://src/visual.tif");
        await Data.AssetAsync(item, "nir", "gs://src/nir.tif");

        var resolved = await ResolveAsync(Input(organization, item, output, ["nir"]));

        Assert.Equal(["nir"], resolved.Assets.Select(a => a.Key));
        Assert.Equal(source, resolved.SourceProjectId);
    }

    [Fact]
    public async Task More_assets_than_the_cap_are_refused_after_asset_keys_chose_them()
    {
        var capped = new Platform(database, new DataPlatformOptions { MaxAssetsPerJob = 2 });
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.ItemAsync(project);
        foreach (var key in new[] { "blue", "green", "red" })
            await Data.AssetAsync(item, key, $"gs://src/{key}.tif");

        var error = await Assert.ThrowsAsync<DataPlatformException>(() => capped.Resolver.ResolveAsync(Input(organization, item, project), CancellationToken.None));
        var chosen = await capped.Resolver.ResolveAsync(Input(organization, item, project, ["red", "blue"]), CancellationToken.None);

        Assert.Equal(ClipErrors.TooManyAssets, error.ErrorType);
        Assert.Equal(new Dictionary<string, long> { ["assets"] = 3, ["limit"] = 2 }, error.Details);
        Assert.Equal(["blue", "red"], chosen.Assets.Select(a => a.Key));
    }

    [Fact]
    public async Task Another_organizations_item_is_forbidden()
    {
        var mine = await Data.OrganizationAsync();
        var theirs = await Data.OrganizationAsync();
        var item = await Data.RasterItemAsync(await Data.ProjectAsync(theirs));
        Assert.Equal(ClipErrors.Forbidden, await RefusalAsync(Input(mine, item, await Data.ProjectAsync(mine))));
    }

    [Fact]
    public async Task Another_organizations_output_project_is_forbidden()
    {
        var mine = await Data.OrganizationAsync();
        var item = await Data.RasterItemAsync(await Data.ProjectAsync(mine));
        var theirProject = await Data.ProjectAsync(await Data.OrganizationAsync());
        Assert.Equal(ClipErrors.Forbidden, await RefusalAsync(Input(mine, item, theirProject)));
    }

    [Fact]
    public async Task Unknown_item_or_project_is_not_found()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        Assert.Equal(ClipErrors.NotFound, await RefusalAsync(Input(organization, "no-such-item", project)));
        Assert.Equal(ClipErrors.NotFound, await RefusalAsync(Input(organization, item, "no-such-project")));
    }

    [Fact]
    public async Task Output_project_without_bucket_is_refused()
    {
        var organization = await Data.OrganizationAsync();
        var item = await Data.RasterItemAsync(await Data.ProjectAsync(organization));
        var bucketless = await Data.ProjectAsync(organization, bucket: null);
        Assert.Equal(ClipErrors.NoStorageBucket, await RefusalAsync(Input(organization, item, bucketless)));
    }

    [Fact]
    public async Task An_item_with_only_thumbnails_and_metadata_has_no_raster_assets()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.ItemAsync(project);
        await Data.AssetAsync(item, "thumbnail", "gs://src/thumb.png", mediaType: "image/png");
        await Data.AssetAsync(item, "metadata", "gs://src/meta.json", mediaType: "application/json");

        var error = await Assert.ThrowsAsync<DataPlatformException>(() => ResolveAsync(Input(organization, item, project)));
        Assert.Equal(ClipErrors.NoRasterAssets, error.ErrorType);
        Assert.Contains("'thumbnail'", error.Message);
        Assert.Contains("'metadata'", error.Message);
    }

    [Fact]
    public async Task Rasters_at_disallowed_hrefs_are_skipped_and_named()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.ItemAsync(project);
        await Data.AssetAsync(item, "local", "file:///etc/a.tif");
        await Data.AssetAsync(item, "relative", "rasters/a.tif");
        await Data.AssetAsync(item, "traversal", $"{Platform.LocalRoot}/../../etc/a.tif");
        await Data.AssetAsync(item, "plain-http", "http://example.com/a.tif");

        var error = await Assert.ThrowsAsync<DataPlatformException>(() => ResolveAsync(Input(organization, item, project)));
        Assert.Equal(ClipErrors.NoRasterAssets, error.ErrorType);
        Assert.All(["'local'", "'relative'", "'traversal'", "'plain-http'"], key => Assert.Contains(key, error.Message));
    }

    [Fact]
    public async Task Asset_keys_that_match_nothing_name_the_keys_the_item_has()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        var error = await Assert.ThrowsAsync<DataPlatformException>(() => ResolveAsync(Input(organization, item, project, ["red"])));
        Assert.Equal(ClipErrors.NoRasterAssets, error.ErrorType);
        Assert.Contains("it has: visual", error.Message);
    }

    [Fact]
    public async Task A_delivery_area_resolves_its_mosaics_typed_by_mosaic_type()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var area = await Data.AreaAsync(organization, project);
        await Data.MosaicAsync(area, "rgb", $"gs://deliveries/{area}/rgb.tif");
        await Data.MosaicAsync(area, "ndvi", $"gs://deliveries/{area}/ndvi.tif");
        await Data.MosaicAsync(area, "preview", $"gs://deliveries/{area}/preview.png", "image/png");

        var all = await ResolveAsync(new ResolveAssetsInput(organization, ClipSource.Area(area), project, null, TestData.Aoi));
        var rgb = await ResolveAsync(new ResolveAssetsInput(organization, ClipSource.Area(area), project, ["rgb"], TestData.Aoi));

        Assert.Equal([("ndvi", "ndvi"), ("rgb", "rgb")], all.Assets.Select(a => (a.Key, a.MosaicType!)));
        Assert.Equal(["rgb"], rgb.Assets.Select(a => a.Key));
    }

    [Fact]
    public async Task Another_organizations_area_is_forbidden_and_an_unknown_area_not_found()
    {
        var mine = await Data.OrganizationAsync();
        var myProject = await Data.ProjectAsync(mine);
        var theirs = await Data.OrganizationAsync();
        var area = await Data.AreaAsync(theirs, await Data.ProjectAsync(theirs));
        await Data.MosaicAsync(area, "rgb", "gs://deliveries/rgb.tif");

        Assert.Equal(ClipErrors.Forbidden, await RefusalAsync(new ResolveAssetsInput(mine, ClipSource.Area(area), myProject, null, TestData.Aoi)));
        Assert.Equal(ClipErrors.NotFound, await RefusalAsync(new ResolveAssetsInput(mine, ClipSource.Area("no-area"), myProject, null, TestData.Aoi)));
    }

    [Fact]
    public async Task Malformed_requests_are_invalid()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        Assert.Equal(ClipErrors.InvalidRequest, await RefusalAsync(new ResolveAssetsInput(organization, new ClipSource(item, "area"), project, null, TestData.Aoi)));
        Assert.Equal(ClipErrors.InvalidRequest, await RefusalAsync(new ResolveAssetsInput(organization, new ClipSource(null, null), project, null, TestData.Aoi)));
        Assert.Equal(ClipErrors.InvalidRequest, await RefusalAsync(Input(organization, item, project, [])));
        Assert.Equal(ClipErrors.InvalidRequest, await RefusalAsync(Input(organization, item, project) with { AoiGeoJson = """{"type":"Point","coordinates":[0,0]}""" }));
        Assert.Equal(ClipErrors.InvalidRequest, await RefusalAsync(Input("", item, project)));
    }

    [Fact]
    public async Task Refusals_reach_the_workflow_as_non_retryable_typed_failures()
    {
        var mine = await Data.OrganizationAsync();
        var item = await Data.RasterItemAsync(await Data.ProjectAsync(await Data.OrganizationAsync()));
        var myProject = await Data.ProjectAsync(mine);
        var failure = await ActivityHarness.FailureAsync(() => _platform.Activities.ResolveAssetsAsync(Input(mine, item, myProject)));
        Assert.Equal(ClipErrors.Forbidden, failure.ErrorType);
        Assert.True(failure.NonRetryable);

        var project = await Data.ProjectAsync(mine);
        var own = await Data.RasterItemAsync(project);
        var resolved = await ActivityHarness.RunAsync(() => _platform.Activities.ResolveAssetsAsync(Input(mine, own, project)));
        Assert.Single(resolved.Assets);
    }
}
