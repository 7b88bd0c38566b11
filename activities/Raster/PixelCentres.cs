using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Does a polygon contain the centre of at least one pixel? GDAL's cutline keeps exactly the
/// source pixels whose centre is inside it (rasterized without ALL_TOUCHED), so an AOI that holds
/// no centre clips to nothing but masked pixels. Scanline test over the polygon given in source
/// pixel coordinates (x = column, y = row), even-odd rule, stopping at the first hit.
/// </summary>
public static class PixelCentres
{
    public static bool AnyInside(Geometry pixelSpace)
    {
        var rings = Rings(pixelSpace).Select(r => r.Coordinates).ToArray();
        if (rings.Length == 0) return false;
        var envelope = pixelSpace.EnvelopeInternal;
        var crossings = new List<double>();
        for (var row = Math.Floor(envelope.MinY - 0.5) + 0.5; row <= envelope.MaxY; row++)
        {
            crossings.Clear();
            foreach (var ring in rings)
                for (var i = 1; i < ring.Length; i++)
                {
                    Coordinate a = ring[i - 1], b = ring[i];
                    if ((a.Y <= row && row < b.Y) || (b.Y <= row && row < a.Y))
                        crossings.Add(a.X + (row - a.Y) * (b.X - a.X) / (b.Y - a.Y));
                }
            crossings.Sort();
            for (var i = 0; i + 1 < crossings.Count; i += 2)
            {
                var centre = Math.Ceiling(crossings[i] - 0.5) + 0.5; // first pixel centre at or right of the entry
                if (centre < crossings[i + 1]) return true;
            }
        }
        return false;
    }

    private static IEnumerable<LineString> Rings(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>()
            .SelectMany(p => p.InteriorRings.Prepend(p.ExteriorRing));
}
