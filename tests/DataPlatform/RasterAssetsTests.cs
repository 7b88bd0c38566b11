using Geopera.Clip.Activities.DataPlatform.Assets;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class RasterAssetsTests
{
    [Theory]
    [InlineData("image/tiff", "gs://b/a")]
    [InlineData("image/tiff; application=geotiff; profile=cloud-optimized", "gs://b/a.bin")]
    [InlineData("IMAGE/TIFF;application=geotiff", "gs://b/a")]
    [InlineData(null, "gs://b/scene.TIF")]
    [InlineData(null, "https://h/scene.tiff?token=1#x")]
    [InlineData("application/octet-stream", "/data/scene.tif")]
    public void Raster_media_types_and_extensions_are_rasters(string? mediaType, string href) => Assert.True(RasterAssets.IsRaster(mediaType, href));

    [Theory]
    [InlineData("image/png", "gs://b/thumb.png")]
    [InlineData("application/json", "gs://b/meta.json")]
    [InlineData("image/tiff-fx", "gs://b/a")]
    [InlineData(null, "gs://b/a.tif.aux.xml")]
    [InlineData(null, "https://h/a.tif.png?x=.tif")]
    [InlineData(null, "")]
    public void Not_rasters(string? mediaType, string href) => Assert.False(RasterAssets.IsRaster(mediaType, href));
}
