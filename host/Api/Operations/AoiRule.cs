using System.Text.Json;
using Geopera.Clip.Activities.Raster.Aoi;
using NetTopologySuite.IO.Converters;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>Why an AOI was refused: the AOI validator's stable code and a message.</summary>
public sealed record AoiProblem(string Code, string Message);

/// <summary>Either the AOI as normalized GeoJSON or the problem with it.</summary>
public sealed record AoiCheck(string? GeoJson, AoiProblem? Problem);

/// <summary>Validates <c>aoi_geometry</c> with the raster engine's <see cref="AoiValidator"/>
/// (type, closed rings, coordinate ranges, vertex count, self-intersection, area) and writes the
/// accepted geometry back as plain GeoJSON, dropping any member the validator did not read.</summary>
public static class AoiRule
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static AoiCheck Check(JsonElement geometry)
    {
        var result = AoiValidator.Validate(geometry);
        if (!result.IsValid)
            return new AoiCheck(null, new AoiProblem(result.Error!.Code, result.Error.Message));
        return new AoiCheck(JsonSerializer.Serialize(result.Geometry, GeoJson), null);
    }
}
