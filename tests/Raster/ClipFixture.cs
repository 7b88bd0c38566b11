using Xunit;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Aoi;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Shared plumbing of the GDAL clip tests.</summary>
public static class ClipFixture
{
    public static readonly RasterClipper Clipper = new(NullLogger<RasterClipper>.Instance);

    public static ClipResult Clip(string source, string aoiGeoJson, string destination) =>
        ClipCancellable(source, aoiGeoJson, destination, TestContext.Current.CancellationToken);

    public static ClipResult ClipCancellable(string source, string aoiGeoJson, string destination, CancellationToken ct)
    {
        var aoi = AoiValidator.Validate(aoiGeoJson);
        Assert.True(aoi.IsValid, aoi.Error?.Message);
        return Clipper.Clip(new ClipRequest(source, aoi.Geometry!, destination), ct);
    }
}
