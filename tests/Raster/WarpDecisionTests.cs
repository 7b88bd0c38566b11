using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>The pure decisions around a warp: arguments, masking, failure classes, heartbeats, names, quicklooks.</summary>
public sealed class WarpDecisionTests
{
    private static BandInfo Band(GdalDataType type = GdalDataType.Byte, GdalColorInterp interp = GdalColorInterp.Gray, double? noData = null) =>
        new(type, type.ToString(), interp, interp.ToString(), noData, 0, 512, 512);

    private static RasterInfo Raster(params BandInfo[] bands) => new("GTiff", 2000, 1000, bands, "WKT", [0, 1, 0, 0, 0, -1], "COG", "DEFLATE");

    [Fact]
    public void Arguments_cut_crop_and_write_a_deflate_cog()
    {
        var window = new WarpWindow(1000, 9000, 417, 640, 5, 7);
        var args = WarpArguments.Build(Raster(Band()), "/vsimem/x/aoi.geojson", window);

        Assert.Equal(["-cutline", "/vsimem/x/aoi.geojson", "-te", "1000", "4520", "3085", "9000", "-tr", "417", "640", "-ovr", "NONE", "-of", "COG"],
            args.Take(14));
        Assert.Contains("COMPRESS=DEFLATE", args);
        Assert.Contains("BLOCKSIZE=512", args);
        Assert.Contains("NUM_THREADS=ALL_CPUS", args);
    }

    [Fact]
    public void Arguments_spell_out_the_target_crs_every_creation_option_and_a_nan_nodata()
    {
        var window = new WarpWindow(0, 10, 1, 1, 10, 10);
        var args = WarpArguments.Build(Raster(Band(GdalDataType.Float32, noData: double.NaN)), "aoi.geojson", window, targetCrsWkt: "LOCAL_CS[\"x\"]");

        Assert.Equal(
            ["-cutline", "aoi.geojson", "-t_srs", "LOCAL_CS[\"x\"]", "-te", "0", "0", "10", "10", "-tr", "1", "1", "-ovr", "NONE", "-of", "COG",
             "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=512", "-co", "OVERVIEWS=AUTO", "-co", "BIGTIFF=IF_SAFER", "-co", "NUM_THREADS=ALL_CPUS",
             "-dstnodata", "nan"],
            args);
        Assert.Empty(WarpArguments.Masking(Raster()));
    }

    [Fact]
    public void Masking_keeps_nodata_keeps_an_existing_alpha_else_adds_one()
    {
        Assert.Equal(["-dstnodata", "0 -9999.5"], WarpArguments.Masking(Raster(Band(noData: 0), Band(GdalDataType.Float32, noData: -9999.5))));
        Assert.Equal(["-dstalpha"], WarpArguments.Masking(Raster(Band(noData: 0), Band())));
        Assert.Equal(["-dstalpha"], WarpArguments.Masking(Raster(Band(interp: GdalColorInterp.Red), Band(interp: GdalColorInterp.Green),
            Band(interp: GdalColorInterp.Blue), Band(interp: GdalColorInterp.Alpha))));
        Assert.Equal(["-dstalpha"], WarpArguments.Masking(Raster(Band(GdalDataType.UInt16), Band(GdalDataType.UInt16), Band(GdalDataType.UInt16))));
        // Both schemes at once: nodata for the colour bands (alpha's own nodata does not count), alpha kept.
        Assert.Equal(["-dstnodata", "7 7", "-dstalpha"], WarpArguments.Masking(Raster(Band(noData: 7), Band(noData: 7), Band(interp: GdalColorInterp.Alpha))));
        Assert.Equal(["-dstnodata", "7", "-dstalpha"], WarpArguments.Masking(Raster(Band(noData: 7), Band(interp: GdalColorInterp.Alpha, noData: 7))));
    }

    [Fact]
    public void Complex_data_gets_nearest_neighbour_overviews()
    {
        Assert.Contains("OVERVIEW_RESAMPLING=NEAREST", WarpArguments.CreationOptions(Raster(Band(GdalDataType.CInt16))));
        Assert.Contains("OVERVIEW_RESAMPLING=NEAREST", WarpArguments.CreationOptions(Raster(Band(), Band(GdalDataType.CFloat32))));
        Assert.DoesNotContain("OVERVIEW_RESAMPLING=NEAREST", WarpArguments.CreationOptions(Raster(Band(GdalDataType.Float32))));
    }

    [Theory]
    [InlineData("`/tmp/x.tif' not recognized as a supported file format.", GdalError.OpenFailed, ClipErrors.InvalidRaster, false)]
    [InlineData("TIFFReadEncodedTile() failed.", 1, ClipErrors.InvalidRaster, false)]
    [InlineData("HTTP response code: 404", GdalError.HttpResponse, ClipErrors.InvalidRaster, false)]
    [InlineData("HTTP response code: 403", GdalError.HttpResponse, ClipErrors.InvalidRaster, false)]
    [InlineData("HTTP response code: 503", GdalError.HttpResponse, ClipErrors.RasterReadFailed, true)]
    [InlineData("HTTP response code: 429", GdalError.HttpResponse, ClipErrors.RasterReadFailed, true)]
    [InlineData("Couldn't connect to server", 1, ClipErrors.RasterReadFailed, true)]
    [InlineData("Operation timed out after 30001 milliseconds", 1, ClipErrors.RasterReadFailed, true)]
    [InlineData("Free disk space available is 0 bytes: No space left on device", 1, ClipErrors.RasterReadFailed, true)]
    [InlineData("Cannot allocate 9000000000 bytes", GdalError.OutOfMemory, ClipErrors.RasterReadFailed, true)]
    public void Gdal_failures_split_into_bad_raster_and_transient_fault(string message, int number, string code, bool retryable)
    {
        var failure = GdalFailureClassifier.Classify("Opening x", [new GdalError(GdalErrorClass.Failure, number, message)]);

        Assert.Equal(code, failure.Code);
        Assert.Equal(retryable, failure.Retryable);
        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public void Heartbeats_are_throttled_by_time_and_by_progress()
    {
        var throttle = new ProgressThrottle(TimeSpan.FromSeconds(2), 0.05);
        var t = TimeSpan.Zero;

        Assert.True(throttle.ShouldReport(0.00, t));                        // first
        Assert.False(throttle.ShouldReport(0.01, t + TimeSpan.FromMilliseconds(100)));
        Assert.True(throttle.ShouldReport(0.06, t + TimeSpan.FromMilliseconds(200))); // moved 5%
        Assert.False(throttle.ShouldReport(0.07, t + TimeSpan.FromMilliseconds(300)));
        Assert.True(throttle.ShouldReport(0.08, t + TimeSpan.FromSeconds(2.3)));     // 2 s passed
        Assert.True(throttle.ShouldReport(1.00, t + TimeSpan.FromSeconds(2.4)));     // the end, always
        Assert.False(throttle.ShouldReport(1.00, t + TimeSpan.FromSeconds(2.5)));
    }

    [Fact]
    public void Output_names_follow_the_contract_and_refuse_escapes()
    {
        var names = WarpOutputNames.For("77a1c9e2", "harbour_clip", "rgb");
        Assert.Equal(new WarpOutputNames("harbour_clip_rgb.tif", "clips/77a1c9e2/harbour_clip_rgb.tif", "clips/77a1c9e2/harbour_clip_rgb.png"), names);

        foreach (var bad in new[] { "../x", "a/b", ".hidden", "" })
            Assert.Equal(ClipErrors.InvalidRequest, Assert.Throws<ClipFailure>(() => WarpOutputNames.For("job", bad, "rgb")).Code);
    }

    [Fact]
    public void Quicklook_is_bounded_keeps_aspect_and_never_upscales()
    {
        Assert.Equal((512, 256), QuicklookPlan.Size(2000, 1000, 512));
        Assert.Equal((128, 512), QuicklookPlan.Size(300, 1200, 512));
        Assert.Equal((300, 200), QuicklookPlan.Size(300, 200, 512));
        Assert.Equal((512, 1), QuicklookPlan.Size(5000, 2, 512));
    }

    [Fact]
    public void Quicklook_shows_rgb_plus_alpha_and_stretches_non_byte_bands()
    {
        var rgbnA = Raster(Band(GdalDataType.UInt16, GdalColorInterp.Undefined), Band(GdalDataType.UInt16, GdalColorInterp.Blue),
            Band(GdalDataType.UInt16, GdalColorInterp.Green), Band(GdalDataType.UInt16, GdalColorInterp.Red), Band(GdalDataType.UInt16, GdalColorInterp.Alpha));
        var args = QuicklookPlan.Build(rgbnA, b => new BandStatistics(b * 100, b * 1000, 0, 0), 512);

        Assert.Equal([4, 3, 2, 5], QuicklookPlan.Bands(rgbnA));
        Assert.Equal(["-of", "PNG", "-ot", "Byte", "-outsize", "512", "256"], args.Take(7));
        Assert.Contains("-scale_1 400 4000 0 255", string.Join(' ', args));
        Assert.Contains("-scale_4 0 5000 0 255", string.Join(' ', args)); // alpha from 0

        var gray = Raster(Band());
        Assert.DoesNotContain(QuicklookPlan.Build(gray, _ => throw new InvalidOperationException("Byte needs no statistics"), 512), a => a.StartsWith("-scale"));
        Assert.Equal([1], QuicklookPlan.Bands(gray));
    }
}
