using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster.Aoi;

/// <summary>
/// Area of a lon/lat polygon on the authalic sphere (R = 6371.0072 km), by the spherical-excess
/// formula of Chamberlain &amp; Duquette (JPL, 2007). Within ~0.5% of the ellipsoidal area,
/// plenty for an area limit.
/// </summary>
public static class GeodesicArea
{
    private const double RadiusKm = 6371.0072;

    public static double SquareKilometres(Geometry geometry) => geometry switch
    {
        Polygon polygon => Polygon(polygon),
        MultiPolygon multi => multi.Geometries.Cast<Polygon>().Sum(Polygon),
        _ => 0,
    };

    private static double Polygon(Polygon polygon) =>
        Math.Max(0, Ring(polygon.ExteriorRing.Coordinates) - polygon.InteriorRings.Sum(r => Ring(r.Coordinates)));

    private static double Ring(Coordinate[] ring)
    {
        double sum = 0;
        for (var i = 0; i < ring.Length - 1; i++)
        {
            var (a, b) = (ring[i], ring[i + 1]);
            sum += Radians(b.X - a.X) * (2 + Math.Sin(Radians(a.Y)) + Math.Sin(Radians(b.Y)));
        }
        return Math.Abs(sum * RadiusKm * RadiusKm / 2);
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
