using System.Text.RegularExpressions;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Seeding;
using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Seeds the example of docs/seed-format.md, so the documented format is the tested one.</summary>
public sealed partial class SeedTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly SeedImporter _importer = new(database.DataSource, NullLogger<SeedImporter>.Instance);
    private readonly Platform _platform = new(database);

    /// <summary>The documented example with every "demo" made unique, so tests do not share rows.</summary>
    private static string Example()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "seed-format.md")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        var markdown = File.ReadAllText(Path.Combine(directory.FullName, "docs", "seed-format.md"));
        var json = JsonBlock().Match(markdown).Groups[1].Value;
        return json.Replace("demo", "demo" + Guid.NewGuid().ToString("N")[..12], StringComparison.Ordinal);
    }

    private Task<int> ApplyAsync(string json) => _importer.ApplyAsync(SeedDocument.Parse(json), CancellationToken.None);

    private Task<string> SnapshotAsync() => _platform.Data.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY id) FROM organizations t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY id) FROM api_keys t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY id) FROM projects t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY id) FROM collections t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY id) FROM items t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY item_id, key) FROM assets t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY id) FROM delivery_areas t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY area_id, mosaic_type) FROM area_mosaics t),
            (SELECT string_agg(xmin::text || t::text, ',' ORDER BY organization_id) FROM credit_accounts t))
        """);

    [Fact]
    public async Task Re_running_the_same_seed_changes_nothing()
    {
        var json = Example();
        Assert.True(await ApplyAsync(json) > 10);
        var before = await SnapshotAsync();

        Assert.Equal(0, await ApplyAsync(json));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_seeded_world_authenticates_resolves_and_reserves()
    {
        var json = Example();
        await ApplyAsync(json);
        var organization = Regex.Match(json, "\"(org-demo[0-9a-f]+)\"").Groups[1].Value;
        var suffix = organization["org-demo".Length..];
        var keys = new PostgresApiKeyStore(database.DataSource);

        var principal = await keys.AuthenticateAsync($"gpra_demo{suffix}_3f9c1a7e5b2d4c6e8f0a1b2c3d4e5f6a", CancellationToken.None);
        Assert.Equal(organization, principal!.OrganizationId);
        Assert.Contains("processing:process", principal.Scopes);
        Assert.Null(await keys.AuthenticateAsync($"gpra_demo{suffix}_old_0000000000000000", CancellationToken.None));
        Assert.Equal(0L, await _platform.Data.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE key_hash LIKE 'gpra%' OR display_prefix LIKE '%3f9c1a7e%'"));

        var item = await _platform.Resolver.ResolveAsync(
            new ResolveAssetsInput(organization, ClipSource.Item($"item-demo{suffix}-harbour-2024"), $"project-demo{suffix}", null, TestData.Aoi), CancellationToken.None);
        Assert.Equal([("visual", "rgb")], item.Assets.Select(a => (a.Key, a.MosaicType!)));
        Assert.Equal(["red", "green", "blue"], item.Assets[0].BandNames);
        var area = await _platform.Resolver.ResolveAsync(
            new ResolveAssetsInput(organization, ClipSource.Area($"area-demo{suffix}-harbour"), $"project-demo{suffix}", ["ndvi"], TestData.Aoi), CancellationToken.None);
        Assert.Equal(["ndvi"], area.Assets.Select(a => a.Key));
        var noBucket = await Assert.ThrowsAsync<DataPlatformException>(() => _platform.Resolver.ResolveAsync(
            new ResolveAssetsInput(organization, ClipSource.Item($"item-demo{suffix}-harbour-2024"), $"project-demo{suffix}-nobucket", null, TestData.Aoi), CancellationToken.None));
        Assert.Equal(ClipErrors.NoStorageBucket, noBucket.ErrorType);

        var balance = await _platform.Ledger.BalanceAsync(organization, CancellationToken.None);
        Assert.Equal(100_000, balance!.Limit);
    }

    [Fact]
    public async Task An_edited_seed_changes_only_what_differs()
    {
        var json = Example();
        await ApplyAsync(json);
        Assert.Equal(1, await ApplyAsync(json.Replace("\"credit_limit\": 100000", "\"credit_limit\": 5000", StringComparison.Ordinal)));
        Assert.Equal(1, await ApplyAsync(json.Replace("\"title\": \"Harbour clips\"", "\"title\": \"Clips\"", StringComparison.Ordinal)
            .Replace("\"credit_limit\": 100000", "\"credit_limit\": 5000", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_seed_that_would_move_a_project_to_another_organization_writes_nothing()
    {
        var json = Example();
        await ApplyAsync(json);
        var organization = Regex.Match(json, "\"(org-demo[0-9a-f]+)\"").Groups[1].Value;
        var project = Regex.Match(json, "\"(project-demo[0-9a-f]+)\"").Groups[1].Value;
        var before = await SnapshotAsync();
        var thief = $$"""{"organizations":[{"id":"org-thief{{Guid.NewGuid():N}}","name":"Thief","projects":[{"id":"{{project}}","name":"mine now","storage_bucket":"x-bucket"}]}]}""";

        var error = await Assert.ThrowsAsync<SeedException>(() => ApplyAsync(thief));

        Assert.Contains(organization, error.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("""{"organizations":[{"id":"o","name":"O","colour":"red"}]}""", "colour")]
    [InlineData("""{"organizations":[{"id":"o"}]}""", "name")]
    [InlineData("""{"organizations":[{"id":"o","name":"O"},{"id":"o","name":"again"}]}""", "appears twice")]
    [InlineData("""{"organizations":[{"id":"o","name":"O","credit_limit":-1}]}""", "credit_limit")]
    [InlineData("""{"organizations":[{"id":"o","name":"O","api_keys":[{"id":"k","key":"short","scopes":[]}]}]}""", "api_keys[0].key")]
    [InlineData("""{"organizations":[{"id":"o","name":"O","projects":[{"id":"p","name":"P","items":[{"id":"i","collection_id":"c"}]}]}]}""", "collection_id")]
    [InlineData("""{"organizations":[{"id":"o","name":"O","projects":[{"id":"p","name":"P","items":[{"id":"i","footprint":{"type":"Point","coordinates":[0,0]}}]}]}]}""", "items[0].footprint")]
    [InlineData("""{"organizations":[{"id":"o","name":"O","projects":[{"id":"p","name":"P","delivery_areas":[{"id":"a","name":"A","bucket":"b","mosaics":[{"mosaic_type":"rgb","href":"gs://b/1.tif"},{"mosaic_type":"rgb","href":"gs://b/2.tif"}]}]}]}]}""", "mosaic_type once")]
    [InlineData("""{"organizations":[{"id":"o","name":"O","projects":[{"id":"p/../x","name":"P"}]}]}""", "projects[0].id")]
    [InlineData("""{"organizations":[{"id":"o","name":"O","projects":[{"id":"p","name":"P","items":[{"id":"has space"}]}]}]}""", "not a valid item id")]
    [InlineData("[]", "the document: must be an object, not an array")]
    public void Malformed_documents_are_refused_with_their_path(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<SeedException>(() => SeedDocument.Parse(json)).Message);

    [Fact]
    public void Every_mistake_is_reported_with_its_path_in_one_run()
    {
        const string json = """
            {"organizations":[{"id":"o","name":"O","credit_limit":"lots",
              "projects":[{"id":"p","name":"P"},{"id":"q","name":"Q","items":[{"id":"i1"},{"id":"i2"},{"id":"i3","colour":"red"}]}],
              "api_keys":[{"id":"k","scopes":["clip:read"]}]}],
             "extra":true}
            """;

        var error = Assert.Throws<SeedException>(() => SeedDocument.Parse(json));

        Assert.Equal(
            [
                "organizations[0].credit_limit: must be a whole number, not the string \"lots\"",
                "organizations[0].projects[1].items[2].colour: unknown member",
                "organizations[0].api_keys[0].key: missing (required)",
                "extra: unknown member",
            ],
            error.Mistakes);
    }

    [Fact]
    public void Mistakes_of_meaning_are_all_reported_once_the_shape_is_right()
    {
        const string json = """
            {"organizations":[{"id":"o","name":" ","projects":[{"id":"p","name":"P","items":[{"id":"i","collection_id":"c"},{"id":"i"}]}]},
                              {"id":"o","name":"again","credit_limit":-5}]}
            """;

        var error = Assert.Throws<SeedException>(() => SeedDocument.Parse(json));

        Assert.Equal(
            [
                "organizations[0].name: is required",
                "organizations[0].projects[0].items[0].collection_id: 'c' is not a collection of this project",
                "organizations[0].projects[0].items[1].id: item id 'i' appears twice",
                "organizations[1].id: organization id 'o' appears twice",
                "organizations[1].credit_limit: must be zero or more",
            ],
            error.Mistakes);
    }

    [GeneratedRegex("```json\\s*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
