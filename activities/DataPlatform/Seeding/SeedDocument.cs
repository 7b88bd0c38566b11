using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Geopera.Clip.Activities.DataPlatform.Seeding;

/// <summary>The <c>host seed</c> file (documented with an example in docs/seed-format.md): organizations
/// with their credit limit, API keys and projects; projects with collections, items (with assets) and
/// delivery areas (with mosaics). Unknown members are errors so typos do not pass silently.</summary>
public sealed record SeedDocument(IReadOnlyList<SeedOrganization> Organizations)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        // SeedShape reads the records' contract from this resolver before anything is deserialized.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Parse and check a seed document. <see cref="SeedException"/> lists every mistake
    /// with its path (shape first, then meaning: ids, references, footprints).</summary>
    public static SeedDocument Parse(string json)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new SeedException([$"not JSON: {e.Message}"]);
        }
        using (parsed)
        {
            if (SeedShape.Mistakes(parsed.RootElement, Options) is { Count: > 0 } shape)
                throw new SeedException(shape);
            // The shape matches the records, so this no longer throws for the file's sake.
            var document = parsed.RootElement.Deserialize<SeedDocument>(Options)!;
            if (SeedValidation.Mistakes(document) is { Count: > 0 } meaning)
                throw new SeedException(meaning);
            return document;
        }
    }
}

public sealed record SeedOrganization(
    string Id,
    string Name,
    long? CreditLimit = null,
    IReadOnlyList<SeedApiKey>? ApiKeys = null,
    IReadOnlyList<SeedProject>? Projects = null);

/// <summary>An API key; <paramref name="Key"/> is the raw <c>gpra_…</c> token, stored only as its hash.</summary>
public sealed record SeedApiKey(string Id, string Key, IReadOnlyList<string> Scopes, bool Revoked = false);

public sealed record SeedProject(
    string Id,
    string Name,
    string? StorageBucket = null,
    IReadOnlyList<SeedCollection>? Collections = null,
    IReadOnlyList<SeedItem>? Items = null,
    IReadOnlyList<SeedDeliveryArea>? DeliveryAreas = null);

public sealed record SeedCollection(string Id, string Title);

/// <summary>A STAC-like item: footprint is a GeoJSON (Multi)Polygon in EPSG:4326; assets by key.</summary>
public sealed record SeedItem(
    string Id,
    JsonElement? Footprint = null,
    string? CollectionId = null,
    JsonElement? Properties = null,
    IReadOnlyDictionary<string, SeedAsset>? Assets = null);

/// <summary>A STAC-like asset. Band names come from <c>eo:bands[].name</c> (or <c>band_names</c>).</summary>
public sealed record SeedAsset(
    string Href,
    string? Type = null,
    IReadOnlyList<string>? Roles = null,
    string? MosaicType = null,
    IReadOnlyList<string>? BandNames = null,
    [property: JsonPropertyName("eo:bands")] IReadOnlyList<SeedBand>? EoBands = null)
{
    public IReadOnlyList<string> Bands =>
        BandNames ?? EoBands?.Select(b => b.Name ?? b.CommonName ?? "").ToList() ?? [];
}

public sealed record SeedBand(string? Name = null, string? CommonName = null, string? Description = null);

/// <summary>A delivery area: a region delivered to <paramref name="Bucket"/>/<paramref name="Prefix"/>
/// as one mosaic per mosaic type; <c>clip.create_from_area</c> clips its mosaics.</summary>
public sealed record SeedDeliveryArea(
    string Id,
    string Name,
    string Bucket,
    IReadOnlyList<SeedMosaic> Mosaics,
    string Prefix = "",
    JsonElement? Footprint = null);

public sealed record SeedMosaic(string MosaicType, string Href, string? Type = null, IReadOnlyList<string>? BandNames = null);

/// <summary>A seed document that cannot be applied: every mistake found, each naming its entry.</summary>
public sealed class SeedException : Exception
{
    public SeedException(string message)
        : this([message])
    {
    }

    public SeedException(IReadOnlyList<string> mistakes)
        : base(mistakes.Count == 1
            ? mistakes[0]
            : $"{mistakes.Count} mistakes, nothing was written:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", mistakes)}")
    {
        Mistakes = mistakes;
    }

    public IReadOnlyList<string> Mistakes { get; }
}
