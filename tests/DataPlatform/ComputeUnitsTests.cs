using Geopera.Clip.Activities.DataPlatform.Assets;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class ComputeUnitsTests
{
    private static string Box(double west, double south, double east, double north) =>
        $$"""{"type":"Polygon","coordinates":[[[{{west}},{{south}}],[{{east}},{{south}}],[{{east}},{{north}}],[{{west}},{{north}}],[{{west}},{{south}}]]]}""";

    [Fact]
    public void A_one_degree_cell_at_the_equator_has_its_spherical_area()
    {
        // R² · Δλ · (sin φ₂ − sin φ₁) with R = 6371.0072 km: 12 363.7 km².
        var area = ComputeUnits.AreaKm2(GeoJsonGeometry.ParsePolygonal(Box(0, 0, 1, 1), "box"));
        Assert.Equal(12_363.7, area, 0.1);
    }

    [Fact]
    public void Cells_shrink_towards_the_poles()
    {
        // Same formula between 60° and 61° N: 6 088.4 km².
        var area = ComputeUnits.AreaKm2(GeoJsonGeometry.ParsePolygonal(Box(10, 60, 11, 61), "box"));
        Assert.Equal(6_088.4, area, 0.1);
    }

    [Fact]
    public void Units_are_the_clipped_area_times_the_asset_count_rounded_up()
    {
        // 0.1° × 0.1° at the equator: 123.64 km², × 3 assets = 370.9 → 371.
        Assert.Equal(371, ComputeUnits.ForClip(Box(0, 0, 0.1, 0.1), null, 3));
    }

    [Fact]
    public void Only_the_part_of_the_AOI_inside_the_footprint_is_charged()
    {
        // The AOI is 0.2° wide; the footprint covers its western half.
        var units = ComputeUnits.ForClip(Box(0, 0, 0.2, 0.1), Box(-1, -1, 0.1, 1), 1);
        Assert.Equal(124, units);
    }

    [Fact]
    public void Small_clips_and_clips_outside_the_footprint_cost_the_minimum_charge()
    {
        Assert.Equal(ComputeUnits.MinimumCharge, ComputeUnits.ForClip(Box(0, 0, 0.001, 0.001), null, 1));
        Assert.Equal(ComputeUnits.MinimumCharge, ComputeUnits.ForClip(Box(0, 0, 1, 1), Box(5, 5, 6, 6), 4));
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[0,0]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[400,0],[400,1],[0,1],[0,0]]]}""")]
    [InlineData("not json")]
    [InlineData("")]
    public void An_AOI_that_is_not_a_polygon_in_lon_lat_is_refused(string aoi) =>
        Assert.Throws<ArgumentException>(() => ComputeUnits.ForClip(aoi, null, 1));

    [Fact]
    public void At_least_one_asset_is_required() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeUnits.ForClip(Box(0, 0, 1, 1), null, 0));
}
