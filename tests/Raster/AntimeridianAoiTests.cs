using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.Geodesy;
using Geopera.Clip.Activities.Raster.Aoi;
using NetTopologySuite.Geometries;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>AOIs and footprints across the antimeridian in both RFC 7946 shapes: a MultiPolygon cut at
/// ±180° and a ring with longitudes past 180°. Both must validate to the cut form, with the area and
/// compute units of the same box anywhere else at that latitude.</summary>
public sealed class AntimeridianAoiTests
{
    [Fact]
    public void A_ring_past_180_is_cut_into_the_same_two_parts_as_the_split_multipolygon()
    {
        var past = AoiValidator.Validate(PastOneEighty);
        var cut = AoiValidator.Validate(CutAtOneEighty);

        Assert.True(past.IsValid, past.Error?.Message);
        Assert.True(cut.IsValid, cut.Error?.Message);
        var parts = Assert.IsType<MultiPolygon>(past.Geometry);
        Assert.Equal(2, parts.NumGeometries);
        Assert.Equal(new Envelope(-180, 180, -17.8, -17.6), past.Geometry!.EnvelopeInternal);
        Assert.True(past.Geometry.EqualsTopologically(cut.Geometry), $"{past.Geometry} vs {cut.Geometry}");
    }

    [Fact]
    public void Both_shapes_have_the_area_of_the_same_box_elsewhere()
    {
        var greenwich = AoiValidator.Validate(Greenwich).AreaKm2;

        Assert.InRange(greenwich, 1000, 1200); // 0.5° × 0.2° at 17.7°S ≈ 53 km × 22 km
        Assert.Equal(greenwich, AoiValidator.Validate(PastOneEighty).AreaKm2, greenwich * 1e-6);
        Assert.Equal(greenwich, AoiValidator.Validate(CutAtOneEighty).AreaKm2, greenwich * 1e-6);
    }

    [Fact]
    public void Longitudes_below_minus_180_are_cut_too()
    {
        var result = AoiValidator.Validate("""{"type":"Polygon","coordinates":[[[-180.25,10],[-179.75,10],[-179.75,10.2],[-180.25,10.2],[-180.25,10]]]}""");

        Assert.True(result.IsValid, result.Error?.Message);
        Assert.Equal(new Envelope(-180, 180, 10, 10.2), result.Geometry!.EnvelopeInternal);
        Assert.Equal(0.5, result.Geometry.GetGeometryN(0).EnvelopeInternal.Width + result.Geometry.GetGeometryN(1).EnvelopeInternal.Width, 9);
    }

    [Fact]
    public void An_AOI_spanning_a_full_turn_is_out_of_range()
    {
        var result = AoiValidator.Validate("""{"type":"Polygon","coordinates":[[[-10,0],[355,0],[355,0.001],[-10,0.001],[-10,0]]]}""");

        Assert.Equal(AoiErrorCodes.OutOfRange, result.Error?.Code);
        Assert.Contains("365", result.Error!.Message);
    }

    [Fact]
    public void Parts_that_would_overlap_once_cut_span_a_full_turn_and_are_refused()
    {
        // 179.5..180.5 would overlap −179.8..−179.6 once brought into −180..180.
        var result = AoiValidator.Validate("""{"type":"MultiPolygon","coordinates":[[[[179.5,0],[180.5,0],[180.5,0.1],[179.5,0.1],[179.5,0]]],[[[-179.8,0],[-179.6,0],[-179.6,0.1],[-179.8,0.1],[-179.8,0]]]]}""");

        Assert.Equal(AoiErrorCodes.OutOfRange, result.Error?.Code);
    }

    [Fact]
    public void An_AOI_already_in_range_is_returned_unchanged()
    {
        var result = AoiValidator.Validate(Greenwich);

        Assert.IsType<Polygon>(result.Geometry);
        Assert.Equal(new Envelope(-0.25, 0.25, -17.8, -17.6), result.Geometry!.EnvelopeInternal);
    }

    [Fact]
    public void A_footprint_whose_corners_jump_across_180_is_cut_rather_than_read_as_the_rest_of_the_world()
    {
        var jumping = GeoJsonGeometry.ParsePolygonal("""{"type":"Polygon","coordinates":[[[179,-18],[-179,-18],[-179,-17],[179,-17],[179,-18]]]}""", "footprint");

        var cut = Antimeridian.SplitFootprint(jumping)!;

        Assert.Equal(2, cut.NumGeometries);
        Assert.Equal(2.0, cut.GetGeometryN(0).EnvelopeInternal.Width + cut.GetGeometryN(1).EnvelopeInternal.Width, 9);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[179,-18],[-179,-18],[-179,-17],[179,-17],[179,-18]]]}""")] // corners jump
    [InlineData("""{"type":"Polygon","coordinates":[[[179,-18],[181,-18],[181,-17],[179,-17],[179,-18]]]}""")] // past 180
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[179,-18],[180,-18],[180,-17],[179,-17],[179,-18]]],[[[-180,-18],[-179,-18],[-179,-17],[-180,-17],[-180,-18]]]]}""")] // cut
    public void Compute_units_of_an_AOI_across_180_match_its_twin_at_Greenwich(string footprint)
    {
        var aoi = AoiValidator.Validate(PastOneEighty).Geometry!;
        var twin = AoiValidator.Validate(Greenwich).Geometry!;
        var twinUnits = ComputeUnits.ForClip(twin, null, 2);

        var units = ComputeUnits.ForClip(aoi, Antimeridian.SplitFootprint(GeoJsonGeometry.ParsePolygonal(footprint, "footprint")), 2);
        var fromText = ComputeUnits.ForClip(PastOneEighty, footprint, 2);

        Assert.True(twinUnits > 2000, $"twin charged {twinUnits}");
        Assert.InRange(units, twinUnits - 1, twinUnits + 1);
        Assert.InRange(fromText, twinUnits - 1, twinUnits + 1);
    }

    // 0.5° × 0.2° across 180° near Fiji, written both ways, and its twin on the Greenwich meridian.
    private const string PastOneEighty = """{"type":"Polygon","coordinates":[[[179.75,-17.8],[180.25,-17.8],[180.25,-17.6],[179.75,-17.6],[179.75,-17.8]]]}""";
    private const string CutAtOneEighty = """{"type":"MultiPolygon","coordinates":[[[[179.75,-17.8],[180,-17.8],[180,-17.6],[179.75,-17.6],[179.75,-17.8]]],[[[-180,-17.8],[-179.75,-17.8],[-179.75,-17.6],[-180,-17.6],[-180,-17.8]]]]}""";
    private const string Greenwich = """{"type":"Polygon","coordinates":[[[-0.25,-17.8],[0.25,-17.8],[0.25,-17.6],[-0.25,-17.6],[-0.25,-17.8]]]}""";
}
