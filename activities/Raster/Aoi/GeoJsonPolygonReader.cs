using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster.Aoi;

/// <summary>
/// Reads a GeoJSON Polygon or MultiPolygon by hand rather than through a generic GeoJSON reader,
/// so each defect (unclosed ring, coordinate out of range, wrong type) gets its own error code
/// and a message pointing at the ring and position instead of a parser exception.
/// </summary>
internal static class GeoJsonPolygonReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Longitudes past ±180° are accepted so that an AOI crossing the antimeridian can be
    /// written as one continuous ring (179 → 181); the validator cuts it at ±180°.</summary>
    private const double MaxLongitude = 360;

    /// <summary>Reads the geometry, or returns the first defect found.</summary>
    public static (Geometry? Geometry, int Vertices, AoiError? Error) Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
            return Fail(AoiErrorCodes.Malformed, "The AOI must be a GeoJSON object, e.g. {\"type\":\"Polygon\",\"coordinates\":[...]}.");
        if (!json.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            return Fail(AoiErrorCodes.Malformed, "The AOI has no \"type\" member.");
        var typeName = type.GetString();
        if (typeName is not ("Polygon" or "MultiPolygon"))
            return Fail(AoiErrorCodes.NotPolygon, $"The AOI is a {typeName}; send a GeoJSON Polygon or MultiPolygon geometry (not a Feature).");
        if (!json.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
            return Fail(AoiErrorCodes.Malformed, "The AOI has no \"coordinates\" array.");
        if (coordinates.GetArrayLength() == 0)
            return Fail(AoiErrorCodes.Empty, "The AOI has no coordinates.");

        var vertices = 0;
        var polygons = new List<Polygon>();
        var polygonArrays = typeName == "Polygon" ? [coordinates] : coordinates.EnumerateArray().ToList();
        for (var p = 0; p < polygonArrays.Count; p++)
        {
            var where = typeName == "Polygon" ? "" : $"polygon {p + 1}, ";
            var (polygon, count, error) = ReadPolygon(polygonArrays[p], where);
            if (error is not null) return (null, 0, error);
            vertices += count;
            polygons.Add(polygon!);
        }
        Geometry geometry = typeName == "Polygon" ? polygons[0] : Factory.CreateMultiPolygon([.. polygons]);
        return (geometry, vertices, null);
    }

    private static (Polygon? Polygon, int Vertices, AoiError? Error) ReadPolygon(JsonElement rings, string where)
    {
        if (rings.ValueKind != JsonValueKind.Array)
            return (null, 0, new AoiError(AoiErrorCodes.Malformed, $"{Capital(where)}polygon coordinates must be an array of rings."));
        if (rings.GetArrayLength() == 0)
            return (null, 0, new AoiError(AoiErrorCodes.Empty, $"{Capital(where)}polygon has no rings."));
        var read = new List<LinearRing>();
        var vertices = 0;
        var r = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            var label = $"{where}ring {++r}";
            var (coords, error) = ReadRing(ring, label);
            if (error is not null) return (null, 0, error);
            vertices += coords!.Length - 1; // the closing position repeats the first
            read.Add(Factory.CreateLinearRing(coords));
        }
        return (Factory.CreatePolygon(read[0], [.. read.Skip(1)]), vertices, null);
    }

    private static (Coordinate[]? Coordinates, AoiError? Error) ReadRing(JsonElement ring, string label)
    {
        if (ring.ValueKind != JsonValueKind.Array)
            return (null, new AoiError(AoiErrorCodes.Malformed, $"{Capital(label)} must be an array of [lon, lat] positions."));
        var coords = new List<Coordinate>();
        foreach (var position in ring.EnumerateArray())
        {
            var index = coords.Count + 1;
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
                return (null, new AoiError(AoiErrorCodes.Malformed, $"{Capital(label)}, position {index} is not a [lon, lat] pair of numbers."));
            if (!position[0].TryGetDouble(out var lon) || !position[1].TryGetDouble(out var lat)
                || !double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -MaxLongitude or > MaxLongitude || lat is < -90 or > 90)
                return (null, new AoiError(AoiErrorCodes.OutOfRange,
                    $"{Capital(label)}, position {index} ({position[0].GetRawText()}, {position[1].GetRawText()}) is outside lon −360..360 / lat −90..90; " +
                    "coordinates must be WGS 84 longitude, latitude (in that order)."));
            coords.Add(new Coordinate(lon, lat));
        }
        if (coords.Count == 0)
            return (null, new AoiError(AoiErrorCodes.Empty, $"{Capital(label)} has no positions."));
        if (!coords[0].Equals2D(coords[^1]))
            return (null, new AoiError(AoiErrorCodes.RingNotClosed,
                $"{Capital(label)} is not closed: its last position {Format(coords[^1])} must repeat its first {Format(coords[0])}."));
        if (coords.Count < 4)
            return (null, new AoiError(AoiErrorCodes.Malformed, $"{Capital(label)} has {coords.Count} positions; a closed ring needs at least 4."));
        return ([.. coords], null);
    }

    internal static string Format(Coordinate c) =>
        string.Create(CultureInfo.InvariantCulture, $"[{c.X:0.######}, {c.Y:0.######}]");

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static (Geometry?, int, AoiError?) Fail(string code, string message) => (null, 0, new AoiError(code, message));
}
