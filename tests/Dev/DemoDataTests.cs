using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.DataPlatform.Seeding;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Host.Dev;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using System.Text.Json;
using Xunit;

namespace Geopera.Clip.Tests.Dev;

/// <summary>What `host dev` seeds must be a job a newcomer can actually run: the demo item resolves
/// to one RGB raster asset, and the printed AOI lies inside the generated COG.</summary>
public sealed class DemoDataTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Demo_seed_applies_once_and_resolves_to_one_rgb_asset()
    {
        var importer = new SeedImporter(database.DataSource, NullLogger<SeedImporter>.Instance);
        var document = DemoSeed.Document(DemoRaster.FootprintRing());
        Assert.True(await importer.ApplyAsync(document, CancellationToken.None) > 0);
        Assert.Equal(0, await importer.ApplyAsync(document, CancellationToken.None));

        var policy = new AssetHrefPolicy(Options.Create(new AssetHrefPolicyOptions()));
        var resolver = new AssetResolver(database.DataSource, policy, Options.Create(new DataPlatformOptions()), new NoAssetAdmissionCheck(), NullLogger<AssetResolver>.Instance);
        var resolved = await resolver.ResolveAsync(new ResolveAssetsInput(
            DemoSeed.OrganizationId, ClipSource.Item(DemoSeed.ItemId), DemoSeed.ProjectId, [DemoSeed.AssetKey], DemoSeed.ExampleAoiGeoJson), CancellationToken.None);

        var asset = Assert.Single(resolved.Assets);
        Assert.Equal($"gs://{DemoSeed.SourceBucket}/{DemoSeed.SourceKey}", asset.Href);
        Assert.Equal(DemoSeed.OutputBucket, resolved.OutputBucket);
        Assert.Equal(["rgb"], MosaicTypes.Assign(resolved.Assets));
    }

    [Fact]
    public void Demo_raster_is_an_rgb_cog_whose_footprint_holds_the_example_aoi()
    {
        var folder = Directory.CreateTempSubdirectory("clip-demo-test-");
        try
        {
            var path = Path.Combine(folder.FullName, "data.tif");
            DemoRaster.Write(path);
            using var dataset = GdalDataset.Open(path) ?? throw new InvalidOperationException("demo raster did not open");
            var info = dataset.Info();
            Assert.Equal((DemoRaster.Size, DemoRaster.Size, 3), (dataset.Width, dataset.Height, dataset.BandCount));
            Assert.Equal("COG", info.Layout);
            Assert.Equal([GdalColorInterp.Red, GdalColorInterp.Green, GdalColorInterp.Blue], info.Bands.Select(b => b.ColorInterp));
            Assert.True(info.Bands.All(b => b.OverviewCount > 0));
            var stats = dataset.ComputeStatistics(1, approximate: true);
            Assert.True(stats.Max - stats.Min > 50, "the demo imagery should not be flat");
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var footprint = Ring(DemoRaster.FootprintRing());
        var aoiRing = JsonDocument.Parse(DemoSeed.ExampleAoiGeoJson).RootElement.GetProperty("coordinates")[0]
            .EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble() }).ToArray();
        var aoi = Ring(aoiRing);
        Assert.True(footprint.Contains(aoi), "the example AOI must lie inside the demo raster");
    }

    private static Polygon Ring(double[][] points) =>
        new(new LinearRing([.. points.Select(p => new Coordinate(p[0], p[1]))]));
}
