using System.Text.Json;
using Geopera.Clip.Activities.DataPlatform.Seeding;

namespace Geopera.Clip.Host.Dev;

/// <summary>The demo organization `host dev` seeds: one full-scope API key, a project with an
/// output bucket and a collection, and the demo item whose RGB asset is the generated COG. Its ids,
/// key and asset are those of docs/seed-format.md's example (a test holds them equal), so the
/// README's example session works against `./clip dev` and against a server seeded with that example.</summary>
public static class DemoSeed
{
    public const string OrganizationId = "org-demo";
    public const string ApiKey = "gpra_demo_3f9c1a7e5b2d4c6e8f0a1b2c3d4e5f6a";
    public const string ProjectId = "project-demo";
    public const string ItemId = "item-demo-harbour-2024";
    public const string CollectionId = "collection-demo-clips";
    public const string OutputBucket = "demo-clip-outputs";
    public const string SourceBucket = "demo-source";
    public const string SourceKey = "harbour/visual.tif";
    public const string AssetKey = "visual";

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
                                        [AssetKey] = new
                                        {
                                            href = $"gs://{SourceBucket}/{SourceKey}",
                                            type = "image/tiff; application=geotiff; profile=cloud-optimized",
                                            roles = new[] { "data", "visual" },
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
