using Geopera.Clip.Activities.Raster.Native;
using NetTopologySuite.Densify;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Projects a lon/lat AOI into a raster's CRS. GeoJSON edges are straight in lon/lat, so edges are
/// first densified (≤ 0.005°, ~500 m) to follow that line in the target CRS rather than cutting a chord.
/// </summary>
public static class AoiProjector
{
    private const double MaxSegmentDegrees = 0.005;

    /// <summary>The AOI in the CRS <paramref name="targetWkt"/>; null when some vertex cannot be
    /// transformed (outside the projection's domain).</summary>
    public static Geometry? Project(Geometry lonLat, string targetWkt)
    {
        var dense = Densify(lonLat);
        var coordinates = dense.Coordinates;
        var xs = coordinates.Select(c => c.X).ToArray();
        var ys = coordinates.Select(c => c.Y).ToArray();
        using (var transform = CoordinateTransformation.FromLonLat(targetWkt))
            if (!transform.Transform(xs, ys)) return null;

        var projected = dense.Copy();
        var index = 0;
        projected.Apply(new Setter(xs, ys, () => index++));
        projected.GeometryChanged();
        projected.SRID = 0;
        // A valid lon/lat polygon can fold in a projection near its domain's edge; repair rather than fail.
        return projected.IsValid ? projected : GeometryFixer.Fix(projected);
    }

    /// <summary>The AOI with no edge longer than 0.005°, still in lon/lat.</summary>
    public static Geometry Densify(Geometry lonLat) => Densifier.Densify(lonLat, MaxSegmentDegrees);

    /// <summary>Writes projected coordinates back in the order <see cref="Geometry.Coordinates"/> listed them.</summary>
    private sealed class Setter(double[] xs, double[] ys, Func<int> next) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var n = next();
                seq.SetX(i, xs[n]);
                seq.SetY(i, ys[n]);
            }
        }
    }
}
