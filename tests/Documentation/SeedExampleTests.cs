using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Geopera.Clip.Host.Dev;
using Geopera.Clip.Tests.CommandLine;
using Xunit;

namespace Geopera.Clip.Tests.Documentation;

/// <summary>The seed example is one document: docs/seed-format.md shows it, docs/seed-format.example.json
/// is it as a file, and ./clip dev seeds the organization, key, project and item it names, so the
/// README's session works against either.</summary>
public sealed partial class SeedExampleTests
{
    private static readonly string Docs = Path.Combine(BuiltHost.RepositoryRoot, "docs");

    [Fact]
    public void The_example_file_is_the_document_the_format_page_shows()
    {
        var shown = JsonNode.Parse(JsonBlock().Match(File.ReadAllText(Path.Combine(Docs, "seed-format.md"))).Groups[1].Value);
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Docs, "seed-format.example.json")));
        Assert.True(JsonNode.DeepEquals(shown, file), "docs/seed-format.example.json differs from the example in docs/seed-format.md");
    }

    [Fact]
    public void The_example_names_what_dev_seeds()
    {
        var organization = JsonNode.Parse(File.ReadAllText(Path.Combine(Docs, "seed-format.example.json")))!["organizations"]![0]!;
        var project = organization["projects"]![0]!;
        var item = project["items"]![0]!;
        Assert.Equal(
            (DemoSeed.OrganizationId, DemoSeed.ApiKey, DemoSeed.ProjectId, DemoSeed.OutputBucket, DemoSeed.CollectionId, DemoSeed.ItemId,
                $"gs://{DemoSeed.SourceBucket}/{DemoSeed.SourceKey}"),
            ((string)organization["id"]!, (string)organization["api_keys"]![0]!["key"]!, (string)project["id"]!, (string)project["storage_bucket"]!,
                (string)project["collections"]![0]!["id"]!, (string)item["id"]!, (string)item["assets"]![DemoSeed.AssetKey]!["href"]!));
    }

    [GeneratedRegex("```json\\s*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
