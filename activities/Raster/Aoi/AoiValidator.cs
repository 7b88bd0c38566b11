using System.Text.Json;
using Geopera.Clip.Activities.Geodesy;
using NetTopologySuite.Operation.Valid;

namespace Geopera.Clip.Activities.Raster.Aoi;

/// <summary>
/// Validates a clip AOI: a GeoJSON Polygon or MultiPolygon in WGS 84 lon/lat, closed rings,
/// topologically valid (holes allowed), within <see cref="AoiLimits"/>. Pure and total: bad input
/// gives a result with a stable error code, never an exception. The API validates request
/// bodies with it; the warp validates again before touching GDAL.
/// </summary>
public static class AoiValidator
{
    public static AoiValidationResult Validate(string geoJson, AoiLimits? limits = null)
    {
        if (string.IsNullOrWhiteSpace(geoJson))
            return AoiValidationResult.Invalid(AoiErrorCodes.Empty, "The AOI is empty; send a GeoJSON Polygon or MultiPolygon.");
        try
        {
            using var document = JsonDocument.Parse(geoJson);
            return Validate(document.RootElement, limits);
        }
        catch (JsonException e)
        {
            return AoiValidationResult.Invalid(AoiErrorCodes.Malformed, $"The AOI is not valid JSON: {e.Message}");
        }
    }

    public static AoiValidationResult Validate(JsonElement geoJson, AoiLimits? limits = null)
    {
        limits ??= AoiLimits.Default;
        var (geometry, vertices, error) = GeoJsonPolygonReader.Read(geoJson);
        if (error is not null) return AoiValidationResult.Invalid(error.Code, error.Message);
        if (vertices > limits.MaxVertices)
            return AoiValidationResult.Invalid(AoiErrorCodes.TooManyVertices,
                $"The AOI has {vertices} vertices; the limit is {limits.MaxVertices}. Simplify it (e.g. with a 1 m tolerance) and retry.");

        var topology = new IsValidOp(geometry).ValidationError;
        if (topology is not null)
        {
            var at = GeoJsonPolygonReader.Format(topology.Coordinate);
            return topology.ErrorType is TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection
                ? AoiValidationResult.Invalid(AoiErrorCodes.SelfIntersection,
                    $"The AOI intersects itself at {at} (lon, lat). Fix the ring so its edges do not cross.")
                : AoiValidationResult.Invalid(AoiErrorCodes.InvalidGeometry, $"The AOI is not a valid polygon: {topology.Message} at {at} (lon, lat).");
        }

        // RFC 7946 §3.1.9: an AOI across the antimeridian is cut there, whether it came as a
        // MultiPolygon split at ±180° (kept) or as a ring with longitudes past 180° (cut here), so
        // that everything after this (area, compute units, cutline) sees longitudes in −180..180.
        // Pieces cut from a valid geometry spanning under 360° cannot overlap once shifted.
        var cut = Antimeridian.Split(geometry!);
        if (cut is null)
            return AoiValidationResult.Invalid(AoiErrorCodes.OutOfRange,
                $"The AOI spans {geometry!.EnvelopeInternal.Width:0.###}° of longitude; an AOI must span less than {Antimeridian.MaxSpanDegrees:0}°.");
        geometry = cut;

        var area = GeodesicArea.SquareKilometres(geometry);
        if (area <= 0 || geometry!.IsEmpty)
            return AoiValidationResult.Invalid(AoiErrorCodes.Empty, "The AOI encloses no area.");
        if (area > limits.MaxAreaKm2)
            return AoiValidationResult.Invalid(AoiErrorCodes.TooLarge,
                $"The AOI covers {area:0.#} km²; the limit is {limits.MaxAreaKm2:0.#} km². Split it into several jobs.");
        return AoiValidationResult.Valid(geometry, area);
    }
}
