using Geopera.Clip.Host.Api.TileInfo;
using Xunit;

namespace Geopera.Clip.Tests.Api;

public sealed class ZoomLevelsTests
{
    [Fact]
    public void Max_zoom_is_the_first_level_at_least_as_fine_as_the_pixel()
    {
        // At the equator zoom 14 is 9.55 m/px and zoom 15 is 4.78 m/px: 5 m pixels need 15.
        var (_, max) = ZoomLevels.For(-0.01, -0.01, 0.01, 0.01, 5);
        Assert.Equal(15, max);
        // At 60° latitude ground resolution halves: 5 m pixels need one level less.
        Assert.Equal(14, ZoomLevels.For(10, 59.99, 10.01, 60.01, 5).Max);
    }

    [Fact]
    public void Min_zoom_is_the_deepest_level_where_the_extent_fits_one_tile()
    {
        // 0.1° span: 360/0.1 = 3600 → log2 ≈ 11.8 → 11.
        Assert.Equal(11, ZoomLevels.For(151.15, -33.9, 151.25, -33.8, 10).Min);
        Assert.Equal(0, ZoomLevels.For(-180, -85, 180, 85, 1000).Min);
    }

    [Fact]
    public void Levels_stay_within_0_to_24_and_min_never_exceeds_max()
    {
        var fine = ZoomLevels.For(0, 0, 1e-9, 1e-9, 0.0001);
        Assert.Equal(24, fine.Max);
        Assert.True(fine.Min <= fine.Max);
        var coarse = ZoomLevels.For(0, 0, 0.001, 0.001, 1_000_000);
        Assert.Equal(0, coarse.Max);
        Assert.Equal(0, coarse.Min);
        Assert.Equal(24, ZoomLevels.For(0, 0, 1, 1, 0).Max); // unknown pixel size: deepest
    }

    [Fact]
    public void Initial_zoom_is_two_below_the_overview_capped_at_max()
    {
        Assert.Equal(13, ZoomLevels.Initial(11, 16));
        Assert.Equal(12, ZoomLevels.Initial(11, 12));
    }
}
