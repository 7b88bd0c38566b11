using System.Text.Json;
using Geopera.Clip.Activities.DataPlatform.Seeding;

namespace Geopera.Clip.Host.Dev;

/// <summary>The demo organization `host dev` seeds: one full-scope API key, a project with an
/// output bucket and a collection, and the demo item whose RGB asset is the generated COG.</summary>
public static class DemoSeed
{
    public const string OrganizationId = "org-demo";
    public const string ApiKey = "gpra_demo_local_dev_key_0123456789abcdef";
    public const string ProjectId = "b21e6d44-7c0a-4e2f-9a11-8c7d6e5f4a3b";
    public const string ItemId = "3a9c7f10-2b44-4d11-9c8e-1f2a3b4c5d6e";
    public const string CollectionId = "c0ffee00-0000-4000-8000-000000000001";
    public const string OutputBucket = "demo-outputs";
    public const string SourceBucket = "demo-source";
    public const string SourceKey = "items/harbour/data.tif";

    /// <summary>The AOI the printed example request clips to: inside the demo raster.</summary>
    public const string ExampleAoiGeoJson =
        """{"type":"Polygon","coordinates":[[[151.200,-33.858],[151.225,-33.858],[151.225,-33.842],[151.200,-33.842],[151.200,-33.858]]]}""";

    /// <summary>The seed document, in the same format as <c>host seed</c> reads.</summary>
    public static SeedDocument Document(double[][] footprintRing)
    {
        var document = new
        {
            organizations = new[]
            {
                new
                {
                    id = OrganizationId,
                    name = "Demo Organization",
                    credit_limit = 1_000_000,
                    api_keys = new[] { new { id = "key-demo", key = ApiKey, scopes = new[] { "processing:process", "clip:write", "clip:read", "clip:destroy" } } },
                    projects = new[]
                    {
                        new
                        {
                            id = ProjectId,
                            name = "Sydney harbour",
                            storage_bucket = OutputBucket,
                            collections = new[] { new { id = CollectionId, title = "Harbour clips" } },
                            items = new[]
                            {
                                new
                                {
                                    id = ItemId,
                                    footprint = new { type = "Polygon", coordinates = new[] { footprintRing } },
                                    assets = new Dictionary<string, object>
                                    {
                                        ["data"] = new
                                        {
                                            href = $"gs://{SourceBucket}/{SourceKey}",
                                            type = "image/tiff; application=geotiff; profile=cloud-optimized",
                                            roles = new[] { "data" },
                                            band_names = new[] { "red", "green", "blue" },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        };
        return SeedDocument.Parse(JsonSerializer.Serialize(document));
    }
}
