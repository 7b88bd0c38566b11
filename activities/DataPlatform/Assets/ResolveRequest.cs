using Geopera.Clip.Workflows.Contracts;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>A <see cref="ResolveAssetsInput"/> checked for shape before any database read.</summary>
internal sealed record ResolveRequest(ResolveAssetsInput Input, Geometry Aoi, IReadOnlySet<string>? AssetKeys)
{
    public static ResolveRequest Validate(ResolveAssetsInput input)
    {
        if (string.IsNullOrWhiteSpace(input.OrganizationId))
            throw DataPlatformException.Invalid("The organization is missing.");
        if (string.IsNullOrWhiteSpace(input.ProjectId))
            throw DataPlatformException.Invalid("project_id is missing.");
        if (input.Source is null || (input.Source.ItemId is null) == (input.Source.AreaId is null))
            throw DataPlatformException.Invalid("Name exactly one source: an item or a delivery area.");
        if (string.IsNullOrWhiteSpace(input.Source.ItemId ?? input.Source.AreaId))
            throw DataPlatformException.Invalid("The source id is empty.");
        if (input.AssetKeys is { Count: 0 })
            throw DataPlatformException.Invalid("asset_keys is empty; omit it to clip every raster asset.");
        if (input.AssetKeys?.Any(string.IsNullOrWhiteSpace) == true)
            throw DataPlatformException.Invalid("asset_keys contains an empty key.");
        Geometry aoi;
        try
        {
            aoi = GeoJsonGeometry.ParsePolygonal(input.AoiGeoJson, "aoi_geometry");
        }
        catch (ArgumentException e)
        {
            throw DataPlatformException.Invalid(e.Message);
        }
        var keys = input.AssetKeys is null ? null : new HashSet<string>(input.AssetKeys, StringComparer.Ordinal);
        return new ResolveRequest(input, aoi, keys);
    }
}
