using System.Globalization;
using System.Security;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>GCP- and RPC-georeferenced imagery is clipped: placed on a north-up grid by its GCPs
/// (polynomial, or thin-plate spline when many) in the GCPs' CRS, or by its RPCs in the AOI's UTM
/// zone at the RPCs' mean height, values and nodata kept. Each source is built next to a twin: the
/// same pixels with the geotransform the GCPs or RPCs describe, against which output pixels are checked.</summary>
public sealed class SensorImageryTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Gcp_imagery_with_four_gcps_is_clipped_by_polynomial_into_the_gcps_crs()
    {
        var twin = TestRasters.Create(_dir.Path, new RasterSpec("twin", 32633, 2, Width: 200, Height: 150, NoData: 7));
        var source = GcpSource(twin, gridSide: 2);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(twin), 0.25, 0.2, 0.75, 0.8);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Equal(SensorModel.GcpPolynomial, result.SensorModel);
        Assert.Null(result.Source.GeoTransform);
        Assert.True(CrsIdentity.AreSame(CoordinateTransformation.EpsgWkt(32633), result.Output.CrsWkt!), result.Output.CrsWkt);
        Assert.Equal((0.0, 0.0), (result.Output.GeoTransform![2], result.Output.GeoTransform[4]));
        Assert.Equal(7, result.Output.Bands[0].NoData);
        AssertFollowsTwin(_dir.File("out.tif"), twin, noData: 7);
    }

    [Fact]
    public void Gcp_imagery_with_a_grid_of_gcps_is_clipped_by_thin_plate_spline()
    {
        var twin = TestRasters.Create(_dir.Path, new RasterSpec("twin", 32633, 1, Width: 200, Height: 150));
        var source = GcpSource(twin, gridSide: 5);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(twin), 0.2, 0.2, 0.8, 0.7);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Equal(SensorModel.GcpThinPlateSpline, result.SensorModel);
        // No nodata in the source: the area around the imagery is masked by a new alpha band.
        Assert.Equal(GdalColorInterp.Alpha, result.Output.Bands[^1].ColorInterp);
        AssertFollowsTwin(_dir.File("out.tif"), twin, noData: null);
    }

    [Fact]
    public void Rpc_imagery_with_a_placeholder_geotransform_is_clipped_in_the_aois_utm_zone_at_the_rpcs_mean_height()
    {
        var twin = TestRasters.Create(_dir.Path, RpcTwin("twin"));
        var source = RpcSource(twin, placeholderGeoTransform: true);
        var aoi = TestAois.Box(TestRasters.LonLatBounds(twin), 0.3, 0.3, 0.7, 0.7);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Equal(SensorModel.Rpc, result.SensorModel);
        Assert.True(CrsIdentity.AreSame(CoordinateTransformation.EpsgWkt(32633), result.Output.CrsWkt!), result.Output.CrsWkt);
        // The source's ground pixel is 7.9 m across and 14.8 m along; GDAL's suggested grid keeps its diagonal pixel count.
        Assert.InRange(result.Output.GeoTransform![1], 7.8, 14.9);
        AssertFollowsTwin(_dir.File("out.tif"), twin, noData: null);
    }

    [Fact]
    public void Rpc_geotiff_without_a_geotransform_is_clipped()
    {
        var twin = TestRasters.Create(_dir.Path, RpcTwin("twin") with { NoData = 9 });
        var vrt = RpcSource(twin, placeholderGeoTransform: false);
        var source = _dir.File("rpc.tif");
        using (var ds = GdalDataset.Open(vrt)!)
        using (var progress = new GdalProgress(null, TestContext.Current.CancellationToken))
        using (GdalUtilities.Translate(ds, source, ["-of", "GTiff"], progress)) { }
        var aoi = TestAois.Box(TestRasters.LonLatBounds(twin), 0.1, 0.2, 0.6, 0.9);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Equal(SensorModel.Rpc, result.SensorModel);
        Assert.Equal(9, result.Output.Bands[0].NoData);
        AssertFollowsTwin(_dir.File("out.tif"), twin, noData: 9);
    }

    [Fact]
    public void Sensor_model_follows_what_the_source_carries()
    {
        static RasterInfo Info(double[]? gt, string? crs, int gcps = 0, bool rpc = false) =>
            new("GTiff", 10, 10, [new BandInfo(GdalDataType.Byte, "Byte", GdalColorInterp.Gray, "Gray", null, 0, 10, 10)], crs, gt, null, null,
                GcpCount: gcps, GcpCrsWkt: gcps > 0 ? "GCP CRS" : null, HasRpc: rpc);
        double[] placed = [500_000, 10, 0, 5_000_000, 0, -10], placeholder = [0, 1, 0, 0, 0, 1];

        Assert.Equal(SensorModel.None, SensorGeoreferencing.ModelOf(Info(placed, "CRS")));
        Assert.Equal(SensorModel.None, SensorGeoreferencing.ModelOf(Info(placed, "CRS", rpc: true))); // orthorectified, RPCs kept
        Assert.Equal(SensorModel.Rpc, SensorGeoreferencing.ModelOf(Info(placeholder, "CRS", rpc: true)));
        Assert.Equal(SensorModel.Rpc, SensorGeoreferencing.ModelOf(Info(null, null, rpc: true)));
        Assert.Equal(SensorModel.None, SensorGeoreferencing.ModelOf(Info(null, null, gcps: 2)));
        Assert.Equal(SensorModel.GcpPolynomial, SensorGeoreferencing.ModelOf(Info(null, null, gcps: 9)));
        Assert.Equal(SensorModel.GcpThinPlateSpline, SensorGeoreferencing.ModelOf(Info(null, null, gcps: 10)));
        Assert.Equal(32633, SensorGeoreferencing.UtmZoneEpsg(new NetTopologySuite.Geometries.Point(15.01, 45.19)));
        Assert.Equal(32760, SensorGeoreferencing.UtmZoneEpsg(new NetTopologySuite.Geometries.Point(179.9, -16)));
    }

    /// <summary>The twin's pixels with no geotransform, placed by a side × side grid of GCPs on the twin's grid.</summary>
    private string GcpSource(string twin, int gridSide)
    {
        using var twinDs = GdalDataset.Open(twin)!;
        var info = twinDs.Info();
        var gt = info.GeoTransform!;
        var gcps = new System.Text.StringBuilder();
        for (var i = 0; i < gridSide; i++)
            for (var j = 0; j < gridSide; j++)
            {
                double px = info.Width * i / (gridSide - 1.0), ln = info.Height * j / (gridSide - 1.0);
                gcps.Append(CultureInfo.InvariantCulture, $"""<GCP Id="{i * gridSide + j + 1}" Pixel="{px}" Line="{ln}" X="{gt[0] + px * gt[1]}" Y="{gt[3] + ln * gt[5]}"/>""");
            }
        return Translate(twin, info, $"""<GCPList Projection="{SecurityElement.Escape(info.CrsWkt)}">{gcps}</GCPList>""", "gcp");
    }

    /// <summary>The twin's pixels placed by RPCs describing the twin's lon/lat grid at a height of
    /// 250 m (HEIGHT_OFF); away from it, columns shift (a sample term in H), as off-nadir imagery does.</summary>
    private string RpcSource(string twin, bool placeholderGeoTransform)
    {
        using var twinDs = GdalDataset.Open(twin)!;
        var info = twinDs.Info();
        const string zeros = " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0";
        var rpc = $"""
            <Metadata domain="RPC">
            <MDI key="LINE_OFF">75</MDI><MDI key="LINE_SCALE">75</MDI><MDI key="SAMP_OFF">100</MDI><MDI key="SAMP_SCALE">100</MDI>
            <MDI key="LAT_OFF">45.19</MDI><MDI key="LAT_SCALE">0.01</MDI><MDI key="LONG_OFF">15.01</MDI><MDI key="LONG_SCALE">0.01</MDI>
            <MDI key="HEIGHT_OFF">250</MDI><MDI key="HEIGHT_SCALE">500</MDI>
            <MDI key="LINE_NUM_COEFF">0 0 -1 0{zeros}</MDI><MDI key="LINE_DEN_COEFF">1 0 0 0{zeros}</MDI>
            <MDI key="SAMP_NUM_COEFF">0 1 0 0.5{zeros}</MDI><MDI key="SAMP_DEN_COEFF">1 0 0 0{zeros}</MDI>
            </Metadata>
            """;
        var geoTransform = placeholderGeoTransform ? "<GeoTransform>0, 1, 0, 0, 0, 1</GeoTransform>" : "";
        var vrt = _dir.File("rpc.vrt");
        File.WriteAllText(vrt, Vrt(twin, info, rpc + geoTransform));
        return vrt;
    }

    // 200 × 150 pixels of 0.0001° × 0.000133° whose first pixel centre is at (15.0°E, 45.2°N): what the
    // RPCs above describe. RPC line/sample numbers address pixel centres (GDAL's RPC transformer maps
    // sample 0, line 0 to the centre of the first pixel: gdaltransform -rpc gives 14.99995, 45.2000667 for its corner).
    private static RasterSpec RpcTwin(string name) =>
        new(name, 4326, 1, Width: 200, Height: 150, Transform: [15.0 - 0.0001 / 2, 0.0001, 0, 45.2 + 0.01 / 150, 0, -0.01 / 75]);

    private string Translate(string twin, RasterInfo info, string georeferencing, string name)
    {
        var vrt = _dir.File(name + ".vrt");
        File.WriteAllText(vrt, Vrt(twin, info, georeferencing));
        var path = _dir.File(name + ".tif");
        using var ds = GdalDataset.Open(vrt)!;
        using var progress = new GdalProgress(null, TestContext.Current.CancellationToken);
        using (GdalUtilities.Translate(ds, path, ["-of", "GTiff"], progress)) { }
        return path;
    }

    private static string Vrt(string twin, RasterInfo info, string georeferencing)
    {
        var bands = string.Concat(info.Bands.Select((b, i) =>
            $"""<VRTRasterBand dataType="{b.DataTypeName}" band="{i + 1}">{(b.NoData is { } nd ? $"<NoDataValue>{nd.ToString(CultureInfo.InvariantCulture)}</NoDataValue>" : "")}<SimpleSource><SourceFilename relativeToVRT="0">{twin}</SourceFilename><SourceBand>{i + 1}</SourceBand></SimpleSource></VRTRasterBand>"""));
        return $"""<VRTDataset rasterXSize="{info.Width}" rasterYSize="{info.Height}">{georeferencing}{bands}</VRTDataset>""";
    }

    /// <summary>Every unmasked output pixel holds the twin's pixel under its centre (through lon/lat,
    /// whatever the two CRSs), and a pixel the twin has at nodata is nodata in the output.</summary>
    private static void AssertFollowsTwin(string output, string twin, double? noData)
    {
        using var outDs = GdalDataset.Open(output)!;
        using var twinDs = GdalDataset.Open(twin)!;
        var o = outDs.Info();
        var t = twinDs.Info();
        var outBand = outDs.Read(1, 0, 0, o.Width, o.Height);
        var alpha = o.Bands[^1].ColorInterp == GdalColorInterp.Alpha ? outDs.Read(o.Bands.Count, 0, 0, o.Width, o.Height) : null;
        var twinBand = twinDs.Read(1, 0, 0, t.Width, t.Height);
        var ogt = o.GeoTransform!;
        var tgt = t.GeoTransform!;
        var xs = new double[o.Width * o.Height];
        var ys = new double[xs.Length];
        for (var row = 0; row < o.Height; row++)
            for (var col = 0; col < o.Width; col++)
                (xs[row * o.Width + col], ys[row * o.Width + col]) = (ogt[0] + (col + 0.5) * ogt[1], ogt[3] + (row + 0.5) * ogt[5]);
        using (var toLonLat = CoordinateTransformation.ToLonLat(o.CrsWkt!)) Assert.True(toLonLat.Transform(xs, ys));
        using (var toTwin = CoordinateTransformation.FromLonLat(t.CrsWkt!)) Assert.True(toTwin.Transform(xs, ys));
        int unmasked = 0, equal = 0, twinNoData = 0, keptNoData = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            var tc = (int)Math.Floor((xs[i] - tgt[0]) / tgt[1]);
            var tr = (int)Math.Floor((ys[i] - tgt[3]) / tgt[5]);
            if (tc < 1 || tr < 1 || tc >= t.Width - 1 || tr >= t.Height - 1) continue;
            var masked = alpha is not null ? alpha[i] == 0 : noData is { } nd && outBand[i] == nd;
            if (noData is { } n && twinBand[tr * t.Width + tc] == n)
            {
                twinNoData++;
                if (masked) keptNoData++;
                continue;
            }
            if (masked) continue;
            unmasked++;
            if (outBand[i] == twinBand[tr * t.Width + tc]) equal++;
        }
        Assert.True(unmasked > 1000, $"only {unmasked} unmasked pixels");
        Assert.True(equal >= unmasked * 0.99, $"{unmasked - equal} of {unmasked} output pixels differ from the twin pixel under their centre");
        if (noData is not null)
        {
            Assert.True(twinNoData > 10, $"only {twinNoData} nodata pixels under the AOI");
            Assert.True(keptNoData >= twinNoData * 0.99, $"{twinNoData - keptNoData} of {twinNoData} source nodata pixels came out unmasked");
        }
    }
}
