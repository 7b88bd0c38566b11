using Geopera.Clip.Activities.Geodesy;
using NetTopologySuite.Densify;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>
/// What a clip costs, in compute units:
/// <c>units = max(MinimumCharge, ceil(area_km² × assets × UnitsPerKm2PerAsset))</c>, where
/// <c>area_km²</c> is the area of the AOI intersected with the source footprint (the AOI alone when
/// the source has no footprint). Area is measured on the sphere of the WGS84 authalic radius with a
/// Lambert cylindrical equal-area projection (x = Rλ, y = R·sin φ): exact for lon/lat rectangles,
/// and edges are densified to 0.01° so other polygons are within a fraction of a percent. The AOI
/// and footprint are intersected in lon/lat, both cut at ±180° when they cross the antimeridian (the
/// AOI by its validator, the footprint by <see cref="Antimeridian.SplitFootprint"/>), so a clip
/// across it is charged for AOI ∩ footprint on both sides.
/// An AOI outside the footprint costs the minimum charge (the warp then reports it).
/// </summary>
public static class ComputeUnits
{
    public const long MinimumCharge = 10;
    public const double UnitsPerKm2PerAsset = 1.0;
    public const double AuthalicRadiusKm = 6371.0072;
    private const double DensifyDegrees = 0.01;

    public static long ForClip(string aoiGeoJson, string? footprintGeoJson, int assetCount)
    {
        var aoi = Antimeridian.Split(GeoJsonGeometry.ParsePolygonal(aoiGeoJson, "The AOI"))
            ?? throw new ArgumentException($"The AOI spans {Antimeridian.MaxSpanDegrees:0}° of longitude or more.");
        var footprint = footprintGeoJson is null ? null : Antimeridian.SplitFootprint(GeoJsonGeometry.ParsePolygonal(footprintGeoJson, "The footprint"));
        return ForClip(aoi, footprint, assetCount);
    }

    public static long ForClip(Geometry aoi, Geometry? footprint, int assetCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assetCount, 1);
        var clipped = footprint is null ? aoi : aoi.Intersection(footprint);
        var units = Math.Ceiling(AreaKm2(clipped) * assetCount * UnitsPerKm2PerAsset);
        return Math.Max(MinimumCharge, (long)units);
    }

    /// <summary>Area in km² of a lon/lat geometry (see the class remarks for the method).</summary>
    public static double AreaKm2(Geometry lonLat)
    {
        if (lonLat.IsEmpty)
            return 0;
        var projected = Densifier.Densify(lonLat, DensifyDegrees);
        projected.Apply(new EqualAreaProjection());
        return projected.Area;
    }

    private sealed class EqualAreaProjection : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, AuthalicRadiusKm * double.DegreesToRadians(seq.GetX(i)));
                seq.SetY(i, AuthalicRadiusKm * Math.Sin(double.DegreesToRadians(seq.GetY(i))));
            }
        }
    }
}
