using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class MosaicTypesTests
{
    private static SourceAsset Asset(string key, string? mosaicType = null, params string[] bands) =>
        new(key, $"gs://b/{key}.tif", "image/tiff", mosaicType, bands);

    [Fact]
    public void Explicit_mosaic_type_wins() =>
        Assert.Equal(["ndvi"], MosaicTypes.Assign([Asset("data", "NDVI", "red", "green", "blue")]));

    [Theory]
    [InlineData("rgb", "red", "green", "blue")]
    [InlineData("rgb", "Red", " GREEN", "blue ")]
    [InlineData("rgbn", "red", "green", "blue", "nir")]
    [InlineData("nir", "nir")]
    [InlineData("coastal_aerosol", "Coastal Aerosol")]
    public void Derived_from_band_names(string expected, params string[] bands) =>
        Assert.Equal(expected, MosaicTypes.Preferred(Asset("data", null, bands)));

    [Theory]
    [InlineData("visual", "visual")]
    [InlineData("B04.tif", "b04_tif")]
    [InlineData("!!!", "asset")]
    public void Otherwise_the_asset_key(string key, string expected) =>
        Assert.Equal(expected, MosaicTypes.Preferred(Asset(key, null, "red", "nir")));

    [Theory]
    [InlineData("a-z_0-9", "a-z_0-9")]
    [InlineData("Band:9/z", "band_9_z")]
    [InlineData("{x}", "x")]
    public void Names_keep_lower_case_letters_digits_underscore_and_hyphen_only(string bandName, string expected) =>
        Assert.Equal(expected, MosaicTypes.Preferred(Asset("data", null, bandName)));

    [Fact]
    public void Blank_explicit_value_falls_back_to_bands() =>
        Assert.Equal("rgb", MosaicTypes.Preferred(Asset("data", "  ", "red", "green", "blue")));

    [Fact]
    public void Collisions_get_numbered_suffixes_in_asset_order()
    {
        var assets = new[]
        {
            Asset("a", null, "red", "green", "blue"),
            Asset("b", null, "red", "green", "blue"),
            Asset("c", "rgb"),
            Asset("d", "rgb_2"),
        };
        Assert.Equal(["rgb", "rgb_2", "rgb_3", "rgb_2_2"], MosaicTypes.Assign(assets));
    }

    [Fact]
    public void Names_depend_on_the_assets_not_on_the_call_or_a_lists_identity()
    {
        // Replay and the API's job view both derive names again from the assets: a copy of the
        // list must give exactly the names the first derivation gave.
        var assets = ClipTestData.Resolved(5).Assets;
        Assert.Equal(["rgb", "rgb_2", "rgb_3", "rgb_4", "rgb_5"], MosaicTypes.Assign([.. assets]));
        Assert.Equal(["rgb", "rgb_2", "rgb_3", "rgb_4", "rgb_5"], MosaicTypes.Assign(assets));
    }

    [Fact]
    public void No_assets_no_names() => Assert.Empty(MosaicTypes.Assign([]));
}
