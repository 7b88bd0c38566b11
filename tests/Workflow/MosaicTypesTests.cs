using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class MosaicTypesTests
{
    private static SourceAsset Asset(string key, string? mosaicType = null, params string[] bands) =>
        new(key, $"gs://b/{key}.tif", "image/tiff", mosaicType, bands);

    [Fact]
    public void ExplicitMosaicTypeWins() =>
        Assert.Equal(["ndvi"], MosaicTypes.Assign([Asset("data", "NDVI", "red", "green", "blue")]));

    [Theory]
    [InlineData("rgb", "red", "green", "blue")]
    [InlineData("rgb", "Red", " GREEN", "blue ")]
    [InlineData("rgbn", "red", "green", "blue", "nir")]
    [InlineData("nir", "nir")]
    [InlineData("coastal_aerosol", "Coastal Aerosol")]
    public void DerivedFromBandNames(string expected, params string[] bands) =>
        Assert.Equal(expected, MosaicTypes.Preferred(Asset("data", null, bands)));

    [Theory]
    [InlineData("visual", "visual")]
    [InlineData("B04.tif", "b04_tif")]
    [InlineData("!!!", "asset")]
    public void OtherwiseTheAssetKey(string key, string expected) =>
        Assert.Equal(expected, MosaicTypes.Preferred(Asset(key, null, "red", "nir")));

    [Fact]
    public void BlankExplicitValueFallsBackToBands() =>
        Assert.Equal("rgb", MosaicTypes.Preferred(Asset("data", "  ", "red", "green", "blue")));

    [Fact]
    public void CollisionsGetNumberedSuffixesInAssetOrder()
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
    public void NamesDependOnTheAssetsNotOnTheCallOrAListsIdentity()
    {
        // Replay and the API's job view both derive names again from the assets: a copy of the
        // list must give exactly the names the first derivation gave.
        var assets = ClipTestData.Resolved(5).Assets;
        Assert.Equal(["rgb", "rgb_2", "rgb_3", "rgb_4", "rgb_5"], MosaicTypes.Assign([.. assets]));
        Assert.Equal(["rgb", "rgb_2", "rgb_3", "rgb_4", "rgb_5"], MosaicTypes.Assign(assets));
    }

    [Fact]
    public void NoAssetsNoNames() => Assert.Empty(MosaicTypes.Assign([]));
}
