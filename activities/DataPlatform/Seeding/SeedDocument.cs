using System.Text.Json;
using System.Text.Json.Serialization;

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
    };

    /// <summary>Parse and check a seed document; <see cref="SeedException"/> says what is wrong and where.</summary>
    public static SeedDocument Parse(string json)
    {
        SeedDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SeedDocument>(json, Options);
        }
        catch (JsonException e)
        {
            throw new SeedException($"The seed file is not a valid seed document: {e.Message}");
        }
        if (document is null)
            throw new SeedException("The seed file is empty (null).");
        SeedValidation.Check(document);
        return document;
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

/// <summary>A seed document that cannot be applied; the message names the offending entry.</summary>
public sealed class SeedException(string message) : Exception(message);
