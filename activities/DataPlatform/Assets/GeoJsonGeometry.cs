using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO.Converters;

namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>Reads GeoJSON geometries (EPSG:4326 lon/lat) into NetTopologySuite geometries.</summary>
public static class GeoJsonGeometry
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>A valid polygonal geometry with coordinates inside lon [-360, 360] (past ±180° when
    /// written across the antimeridian), lat [-90, 90]; self-intersections are repaired. <see cref="ArgumentException"/> naming <paramref name="what"/>
    /// otherwise.</summary>
    public static Geometry ParsePolygonal(string? json, string what)
    {
        Geometry? geometry;
        try
        {
            geometry = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<Geometry>(json, Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new ArgumentException($"{what} is not a GeoJSON geometry: {e.Message}", e);
        }
        if (geometry is not (Polygon or MultiPolygon) || geometry.IsEmpty)
            throw new ArgumentException($"{what} must be a non-empty GeoJSON Polygon or MultiPolygon.");
        foreach (var c in geometry.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -360 or > 360 || c.Y is < -90 or > 90)
                throw new ArgumentException($"{what} has a coordinate outside lon [-360, 360] / lat [-90, 90]: ({c.X}, {c.Y}).");
        }
        return geometry.IsValid ? geometry : GeometryFixer.Fix(geometry);
    }

    /// <summary>Like <see cref="ParsePolygonal"/> but null when the text is absent or unusable.</summary>
    public static Geometry? TryParsePolygonal(string? json)
    {
        try
        {
            return json is null ? null : ParsePolygonal(json, "geometry");
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
