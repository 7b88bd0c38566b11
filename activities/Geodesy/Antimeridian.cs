using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Geopera.Clip.Activities.Geodesy;

/// <summary>
/// Lon/lat polygons across the antimeridian in the form RFC 7946 §3.1.9 asks for: cut at ±180° into
/// a MultiPolygon whose parts stay within lon −180..180. Planar operations (intersection, area,
/// envelope) are only right on that form: a ring that jumps from 179° to −179° is read as a 358°
/// wide band, and one written with longitudes past 180° misses everything stored in −180..180.
/// </summary>
public static class Antimeridian
{
    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), 4326);

    /// <summary>The widest longitude span a geometry may have: a wider one overlaps itself once cut.</summary>
    public const double MaxSpanDegrees = 360;

    /// <summary>True when the geometry already lies within lon −180..180 (nothing to cut).</summary>
    public static bool InRange(Geometry lonLat) => lonLat.EnvelopeInternal is { MinX: >= -180, MaxX: <= 180 };

    /// <summary>
    /// Cuts a polygonal geometry whose longitudes run continuously past ±180° (e.g. 179 → 181) at
    /// each antimeridian and shifts each piece by a multiple of 360° into −180..180. Geometries
    /// already in range come back unchanged; null when the geometry spans 360° or more.
    /// </summary>
    public static Geometry? Split(Geometry lonLat)
    {
        if (InRange(lonLat)) return lonLat;
        var envelope = lonLat.EnvelopeInternal;
        if (envelope.Width >= MaxSpanDegrees) return null;
        var pieces = new List<Polygon>();
        var first = (int)Math.Floor((envelope.MinX + 180) / 360);
        var last = (int)Math.Floor((envelope.MaxX + 180) / 360);
        for (var turn = first; turn <= last; turn++)
        {
            var window = LonLat.ToGeometry(new Envelope(-180 + 360 * turn, 180 + 360 * turn, -90, 90));
            var piece = lonLat.Intersection(window);
            if (turn != 0) piece = AffineTransformation.TranslationInstance(-360 * turn, 0).Transform(piece);
            pieces.AddRange(Polygons(piece));
        }
        return pieces.Count switch
        {
            0 => null,
            1 => WithSrid(pieces[0]),
            _ => WithSrid(LonLat.CreateMultiPolygon([.. pieces])),
        };
    }

    /// <summary>
    /// A ring traced from points known to be close together (a raster's footprint, densified),
    /// with each longitude moved by ±360° so that no edge jumps by more than 180°: 179.5 → −179.5
    /// becomes 179.5 → 180.5, ready for <see cref="Split"/>.
    /// </summary>
    public static Coordinate[] Unwrap(IReadOnlyList<Coordinate> ring)
    {
        var result = new Coordinate[ring.Count];
        for (var i = 0; i < ring.Count; i++)
        {
            var x = ring[i].X;
            if (i > 0)
            {
                var previous = result[i - 1].X;
                x += 360 * Math.Round((previous - x) / 360);
            }
            result[i] = new Coordinate(x, ring[i].Y);
        }
        return result;
    }

    /// <summary>Footprints (of an item, of a raster) that may jump across ±180° between vertices:
    /// each ring unwrapped, then cut. Null when the result is not a usable polygon.</summary>
    public static Geometry? SplitFootprint(Geometry lonLat)
    {
        var polygons = Polygons(lonLat).Select(p => LonLat.CreatePolygon(
            LonLat.CreateLinearRing(Unwrap(p.ExteriorRing.Coordinates)),
            [.. p.InteriorRings.Select(r => LonLat.CreateLinearRing(Unwrap(r.Coordinates)))])).ToArray();
        if (polygons.Length == 0) return null;
        Geometry unwrapped = polygons.Length == 1 ? polygons[0] : LonLat.CreateMultiPolygon(polygons);
        return unwrapped.IsValid && Split(unwrapped) is { IsEmpty: false } split && split.IsValid ? split : null;
    }

    private static IEnumerable<Polygon> Polygons(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>().Where(p => p.Area > 0);

    private static Geometry WithSrid(Geometry geometry)
    {
        geometry.SRID = 4326;
        return geometry;
    }
}
