using System.Net;
using System.Text.Json;
using Geopera.Clip.Tests.Raster;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Admission reads each asset's header and refuses, with a 400 naming the asset, what the
/// warp would have refused after the job was admitted and charged: an AOI outside the raster, a
/// raster the engine refuses, an AOI covering no pixel centre. Nothing is written, nothing reserved.</summary>
public sealed class AdmissionHeaderTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    // Mars 2000 as ESRI writes it: PROJ has no transformation from it to WGS 84 (category 1).
    private const string Mars = """GEOGCS["Mars 2000",DATUM["D_Mars_2000",SPHEROID["Mars_2000_IAU_IAG",3396190.0,169.894447223612]],PRIMEM["Reference_Meridian",0.0],UNIT["Degree",0.0174532925199433]]""";

    private Tenant T => host.Tenant;
    private string Sources => Path.GetDirectoryName(host.SourceCog)!;

    [Fact]
    public async Task Aoi_outside_the_assets_raster_is_400_invalid_aoi_naming_the_asset()
    {
        // The item has no footprint, so only the raster's header knows the AOI misses it (the source is 15.00–15.03°E, 45.176–45.2°N).
        var problem = await RefusedAsync(Body(T.ItemId, Box(20.0, 50.0, 20.01, 50.01)), "invalid-aoi");

        Assert.Equal("AoiOutsideRaster", problem.GetProperty("code").GetString());
        Assert.Contains("'visual'", Detail(problem));
        Assert.Contains("does not overlap", Detail(problem));
    }

    [Fact]
    public async Task Aoi_covering_no_pixel_centre_is_400_invalid_aoi_naming_sizes()
    {
        // Inside pixel (100, 100) of the 0.0001° grid from (15.0, 45.2), clear of its centre (15.01005, 45.18995).
        var problem = await RefusedAsync(Body(T.ItemId, Box(15.01001, 45.18991, 15.01004, 45.18994)), "invalid-aoi");

        Assert.Equal("InvalidAoi", problem.GetProperty("code").GetString());
        Assert.Contains("'visual'", Detail(problem));
        Assert.Contains("less than one pixel", Detail(problem));
    }

    [Fact]
    public async Task Raster_in_a_crs_with_no_transformation_to_wgs84_is_400_invalid_raster_naming_asset_and_crs()
    {
        var mars = TestRasters.Create(Sources, new RasterSpec("mars-" + Guid.NewGuid().ToString("N"), 4326, Width: 100, Height: 100,
            Transform: [14.9, 0.001, 0, 45.1, 0, -0.001], Wkt: Mars));
        var item = await host.Seed.ItemAsync(T.ProjectId, ("elevation", mars));

        var problem = await RefusedAsync(Body(item, ApiCalls.Aoi), "invalid-raster");

        Assert.Contains("'elevation'", Detail(problem));
        Assert.Contains("Mars 2000", Detail(problem));
        Assert.Contains("EPSG:4326", Detail(problem));
    }

    [Fact]
    public async Task Unreadable_raster_is_400_invalid_raster_naming_the_asset()
    {
        var garbage = Path.Combine(Sources, "garbage-" + Guid.NewGuid().ToString("N") + ".tif");
        await File.WriteAllTextAsync(garbage, "not a TIFF at all", TestContext.Current.CancellationToken);
        var item = await host.Seed.ItemAsync(T.ProjectId, ("visual", garbage));

        var problem = await RefusedAsync(Body(item, ApiCalls.Aoi), "invalid-raster");

        Assert.Contains("'visual'", Detail(problem));
    }

    [Fact]
    public async Task One_refused_asset_refuses_the_whole_job_before_any_reservation()
    {
        var mars = TestRasters.Create(Sources, new RasterSpec("mars-" + Guid.NewGuid().ToString("N"), 4326, Width: 100, Height: 100,
            Transform: [14.9, 0.001, 0, 45.1, 0, -0.001], Wkt: Mars));
        var item = await host.Seed.ItemAsync(T.ProjectId, ("visual", host.SourceCog), ("zz-mars", mars));

        var problem = await RefusedAsync(Body(item, ApiCalls.Aoi), "invalid-raster");

        Assert.Contains("'zz-mars'", Detail(problem));
    }

    [Fact]
    public async Task Aoi_over_the_raster_is_admitted()
    {
        var answer = await host.Http.OpAsync("clip.create_from_item", T.FullKey, Body(T.ItemId, ApiCalls.Aoi), Guid.NewGuid().ToString());
        var job = (await answer.OkJsonAsync()).GetProperty("job").GetProperty("id").GetString()!;
        await host.WaitForJobAsync(job);
    }

    private async Task<JsonElement> RefusedAsync(string body, string code)
    {
        var before = await host.Seed.WritableStateAsync();
        var tree = host.StorageTree();
        var problem = await (await host.Http.OpAsync("clip.create_from_item", T.FullKey, body, Guid.NewGuid().ToString()))
            .ProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Equal(tree, host.StorageTree());
        return problem;
    }

    private string Body(string itemId, string aoi) =>
        $$"""{"source_item_id":"{{itemId}}","project_id":"{{T.ProjectId}}","aoi_geometry":{{aoi}}}""";

    private static string Box(double west, double south, double east, double north) => FormattableString.Invariant(
        $$"""{"type":"Polygon","coordinates":[[[{{west}},{{south}}],[{{east}},{{south}}],[{{east}},{{north}}],[{{west}},{{north}}],[{{west}},{{south}}]]]}""");

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;
}
