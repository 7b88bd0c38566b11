using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Native;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>The clip's pure raster decisions at their edges: which window of the source grid a clip
/// covers, whether an AOI holds a pixel centre, the mask VRT's bands and the output CRS.</summary>
public sealed class RasterDecisionUnitTests
{
    private static readonly WKTReader Wkt = new();

    // 10 x 10 m pixels, origin (100, 500), north-up.
    private static readonly double[] NorthUp = [100, 10, 0, 500, 0, -10];

    [Fact]
    public void The_window_is_the_whole_pixels_under_the_overlap()
    {
        var window = WarpWindow.Covering(new Envelope(115, 135, 455, 478), NorthUp);

        Assert.Equal(new WarpWindow(110, 480, 10, 10, 3, 3), window);
        Assert.Equal((140.0, 450.0), (window.MaxX, window.MinY));
        Assert.Equal(["-te", "110", "450", "140", "480", "-tr", "10", "10"], window.Arguments());
    }

    [Theory]
    // Edges a hair inside or outside a grid line (projection noise) are on it: no extra column or row.
    [InlineData(110 - 1e-6, 140 + 1e-6, 450 - 1e-6, 480 + 1e-6)]
    [InlineData(110 + 1e-6, 140 - 1e-6, 450 + 1e-6, 480 - 1e-6)]
    [InlineData(110, 140, 450, 480)]
    public void Edges_within_a_millionth_of_a_pixel_of_a_grid_line_are_on_it(double minX, double maxX, double minY, double maxY)
    {
        Assert.Equal(new WarpWindow(110, 480, 10, 10, 3, 3), WarpWindow.Covering(new Envelope(minX, maxX, minY, maxY), NorthUp));
    }

    [Fact]
    public void Edges_further_off_a_grid_line_take_the_next_pixel()
    {
        var window = WarpWindow.Covering(new Envelope(110 - 1e-3, 140 + 1e-3, 450 - 1e-3, 480 + 1e-3), NorthUp);
        Assert.Equal(new WarpWindow(100, 490, 10, 10, 5, 5), window);
    }

    [Fact]
    public void An_overlap_on_a_grid_line_still_gets_one_pixel()
    {
        Assert.Equal(new WarpWindow(120, 470, 10, 10, 1, 1), WarpWindow.Covering(new Envelope(120, 120, 470, 470), NorthUp));
    }

    [Fact]
    public void A_south_up_source_keeps_positive_pixel_sizes()
    {
        // Row 0 at the bottom: y grows with the row, so y = 500 + row·10.
        var window = WarpWindow.Covering(new Envelope(115, 135, 455, 478), [100, 10, 0, 500, 0, 10]);
        Assert.Equal(10, window.PixelHeight);
        Assert.Equal(3, window.Columns);
    }

    [Fact]
    public void A_sheared_source_comes_out_with_its_pixel_sides_as_width_and_height()
    {
        // Columns step (3, 4) and rows step (1, -2): sides of 5 and √5.
        var window = WarpWindow.Covering(new Envelope(0, 20, 80, 100), [0, 3, 1, 100, 4, -2]);
        Assert.Equal(5, window.PixelWidth, 12);
        Assert.Equal(Math.Sqrt(5), window.PixelHeight, 12);
        Assert.Equal((0.0, 100.0, 4, (int)Math.Ceiling(20 / Math.Sqrt(5) - 1e-6)), (window.MinX, window.MaxY, window.Columns, window.Rows));
    }

    [Theory]
    // Pixel centres are at (column + 0.5, row + 0.5).
    [InlineData("POLYGON((10.4 3.4, 10.6 3.4, 10.6 3.6, 10.4 3.6, 10.4 3.4))", true)]
    [InlineData("POLYGON((10.5 3.5, 10.7 3.5, 10.7 3.7, 10.5 3.7, 10.5 3.5))", true)] // centre on the lower-left corner
    [InlineData("POLYGON((10.0 3.0, 10.5 3.0, 10.5 4.0, 10.0 4.0, 10.0 3.0))", false)] // centre on the right edge only
    [InlineData("POLYGON((10.0 3.0, 11.0 3.0, 11.0 3.5, 10.0 3.5, 10.0 3.0))", false)] // centre on the top edge only
    [InlineData("POLYGON((10.0 3.5, 11.0 3.5, 11.0 3.9, 10.0 3.9, 10.0 3.5))", true)] // centre on the bottom edge
    [InlineData("POLYGON((10.6 3.0, 11.4 3.0, 11.4 9.0, 10.6 9.0, 10.6 3.0))", false)] // tall, between two columns of centres
    [InlineData("POLYGON((0.6 0.6, 0.9 0.6, 0.9 9.9, 0.6 9.9, 0.6 0.6))", false)]
    [InlineData("POLYGON((10 3, 12 3, 10 5, 10 3))", true)] // triangle holding (10.5, 3.5)
    [InlineData("POLYGON((10.6 3, 12.2 3, 10.6 4.6, 10.6 3))", true)] // slanted edge crosses row 3.5 at 11.7: (11.5, 3.5) is inside
    [InlineData("POLYGON((10.6 3, 11.8 3, 10.6 4.2, 10.6 3))", false)] // it crosses row 3.5 at 11.3, left of (11.5, 3.5)
    [InlineData("POLYGON((3.2 -2.8, 3.8 -2.8, 3.8 -2.2, 3.2 -2.2, 3.2 -2.8))", true)] // negative rows: centre (3.5, -2.5)
    [InlineData("POLYGON((3.2 -2.4, 3.8 -2.4, 3.8 -2.1, 3.2 -2.1, 3.2 -2.4))", false)]
    public void An_aoi_holds_a_pixel_centre_only_when_one_is_inside_it(string polygon, bool any) =>
        Assert.Equal(any, PixelCentres.AnyInside(Wkt.Read(polygon)));

    [Fact]
    public void A_vertex_on_a_centre_row_counts_each_edge_once()
    {
        // A diamond whose left and right vertices lie on row 3.5: the only centre inside is (10.5, 3.5).
        Assert.True(PixelCentres.AnyInside(Wkt.Read("POLYGON((10.1 3.5, 10.5 3.1, 10.9 3.5, 10.5 3.9, 10.1 3.5))")));
        // A triangle whose tip lies on row 3.5 at 11.2, short of the next centre (11.5): none inside.
        Assert.False(PixelCentres.AnyInside(Wkt.Read("POLYGON((10.6 3.1, 11.2 3.5, 10.6 3.9, 10.6 3.1))")));
    }

    [Fact]
    public void Any_part_of_a_multipolygon_may_hold_the_centre()
    {
        Assert.True(PixelCentres.AnyInside(Wkt.Read(
            "MULTIPOLYGON(((10.6 3.0, 11.4 3.0, 11.4 9.0, 10.6 9.0, 10.6 3.0)),((20.4 7.4, 20.6 7.4, 20.6 7.6, 20.4 7.6, 20.4 7.4)))")));
        Assert.False(PixelCentres.AnyInside(Wkt.Read(
            "MULTIPOLYGON(((10.6 3.0, 11.4 3.0, 11.4 9.0, 10.6 9.0, 10.6 3.0)),((20.6 7.4, 20.9 7.4, 20.9 7.6, 20.6 7.6, 20.6 7.4)))")));
    }

    [Fact]
    public void A_hole_over_the_only_centre_leaves_none_but_a_hole_elsewhere_does_not()
    {
        Assert.False(PixelCentres.AnyInside(Wkt.Read("POLYGON((10.1 3.1, 10.9 3.1, 10.9 3.9, 10.1 3.9, 10.1 3.1),(10.3 3.3, 10.7 3.3, 10.7 3.7, 10.3 3.7, 10.3 3.3))")));
        Assert.True(PixelCentres.AnyInside(Wkt.Read("POLYGON((10.1 3.1, 11.9 3.1, 11.9 3.9, 10.1 3.9, 10.1 3.1),(10.3 3.3, 10.7 3.3, 10.7 3.7, 10.3 3.7, 10.3 3.3))")));
    }

    [Fact]
    public void An_empty_geometry_holds_no_centre()
    {
        Assert.False(PixelCentres.AnyInside(Wkt.Read("POLYGON EMPTY")));
        Assert.False(PixelCentres.AnyInside(Wkt.Read("POINT(10.5 3.5)")));
    }

    private static BandInfo Band(GdalDataType type, GdalColorInterp colour, double? noData) =>
        new(type, type.ToString(), colour, colour.ToString(), noData, 0, 256, 256);

    private static RasterInfo Info(params BandInfo[] bands) =>
        new("GTiff", 300, 200, bands, "GEOGCS[\"x & y\"]", [1.5, 0.25, 0, 9, 0, -0.25], "COG", "DEFLATE", PerDatasetMask: true);

    [Fact]
    public void The_mask_vrt_shows_every_source_band_then_the_mask_as_alpha()
    {
        var xml = MaskAlphaVrt.Xml("/data/a&b.tif", Info(Band(GdalDataType.UInt16, GdalColorInterp.Gray, 0), Band(GdalDataType.Float32, GdalColorInterp.Undefined, double.NaN)), null);

        Assert.Equal(
            "<VRTDataset rasterXSize=\"300\" rasterYSize=\"200\"><SRS>GEOGCS[&quot;x &amp; y&quot;]</SRS><GeoTransform>1.5, 0.25, 0, 9, 0, -0.25</GeoTransform>" +
            "<VRTRasterBand dataType=\"UInt16\" band=\"1\"><ColorInterp>Gray</ColorInterp><NoDataValue>0</NoDataValue>" +
            "<SimpleSource><SourceFilename relativeToVRT=\"0\">/data/a&amp;b.tif</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand>" +
            "<VRTRasterBand dataType=\"Float32\" band=\"2\"><ColorInterp>Undefined</ColorInterp><NoDataValue>nan</NoDataValue>" +
            "<SimpleSource><SourceFilename relativeToVRT=\"0\">/data/a&amp;b.tif</SourceFilename><SourceBand>2</SourceBand></SimpleSource></VRTRasterBand>" +
            "<VRTRasterBand dataType=\"Byte\" band=\"3\"><ColorInterp>Alpha</ColorInterp>" +
            "<SimpleSource><SourceFilename relativeToVRT=\"0\">/data/a&amp;b.tif</SourceFilename><SourceBand>mask,1</SourceBand></SimpleSource></VRTRasterBand>" +
            "</VRTDataset>",
            xml);
    }

    [Fact]
    public void A_sidecar_mask_is_read_as_the_first_band_of_the_sidecar()
    {
        var xml = MaskAlphaVrt.Xml("/data/a.tif", Info(Band(GdalDataType.Byte, GdalColorInterp.Red, null)), "/data/a.tif.msk");

        Assert.DoesNotContain("<NoDataValue>", xml);
        Assert.EndsWith(
            "<VRTRasterBand dataType=\"Byte\" band=\"2\"><ColorInterp>Alpha</ColorInterp>" +
            "<SimpleSource><SourceFilename relativeToVRT=\"0\">/data/a.tif.msk</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>",
            xml);
    }

    [Fact]
    public void Only_a_local_source_with_a_msk_file_beside_it_has_a_sidecar()
    {
        using var dir = new TempFolder();
        var withSidecar = dir.File("a.tif");
        File.WriteAllText(withSidecar, "");
        File.WriteAllText(withSidecar + MaskAlphaVrt.SidecarSuffix, "");
        File.WriteAllText(dir.File("b.tif"), "");

        Assert.Equal(withSidecar + ".msk", MaskAlphaVrt.LocalSidecar(withSidecar));
        Assert.Null(MaskAlphaVrt.LocalSidecar(dir.File("b.tif")));
        Assert.Null(MaskAlphaVrt.LocalSidecar("a.tif"));
        Assert.Null(MaskAlphaVrt.LocalSidecar("/vsis3/bucket/a.tif"));
    }

    // ETRS89-extended / LAEA Europe with latitude of origin 48 (EPSG:3035 has 52).
    private const string Laea48 = """PROJCS["ETRS89-extended / LAEA Europe",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["latitude_of_center",48],PARAMETER["longitude_of_center",10],PARAMETER["false_easting",4321000],PARAMETER["false_northing",3210000],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]""";

    private const string Laea48Wkt2 = """PROJCRS["ETRS89-extended / LAEA Europe",BASEGEOGCRS["ETRS89",DATUM["European Terrestrial Reference System 1989",ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]],ID["EPSG",6258]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["unnamed",METHOD["Lambert Azimuthal Equal Area",ID["EPSG",9820]],PARAMETER["Latitude of natural origin",48,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",10,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["False easting",4321000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",3210000,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["easting",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["northing",north,ORDER[2],LENGTHUNIT["metre",1]]]""";

    [Theory]
    [InlineData(",AUTHORITY[\"EPSG\",\"3035\"]]")]
    [InlineData(" , AUTHORITY[ \"EPSG\" , \"3035\" ] ]\n")]
    public void A_wkt1_crs_contradicting_its_code_is_passed_on_without_the_code(string rootAuthority)
    {
        Assert.Equal(Laea48, OutputCrs.TargetFor(Laea48[..^1] + rootAuthority));
    }

    [Fact]
    public void A_wkt2_crs_contradicting_its_id_is_passed_on_without_the_id()
    {
        Assert.Equal(Laea48Wkt2, OutputCrs.TargetFor(Laea48Wkt2[..^1] + ",ID[\"EPSG\",3035]]"));
    }

    [Fact]
    public void A_crs_without_a_code_or_true_to_its_code_is_left_alone()
    {
        Assert.Null(OutputCrs.TargetFor(Laea48));
        Assert.Null(OutputCrs.TargetFor(Laea48Wkt2));
        Assert.Null(OutputCrs.TargetFor(CoordinateTransformation.EpsgWkt(3035)));
    }
}
