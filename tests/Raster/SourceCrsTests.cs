using System.Buffers.Binary;
using System.Security;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Aoi;
using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>The output's CRS is the source's CRS as GDAL reads it, even when the source names an
/// EPSG code whose registry entry is another CRS (here EPSG:3035, LAEA Europe, whose latitude of
/// origin is 52°, given as 48°).</summary>
public sealed class SourceCrsTests : IDisposable
{
    // LAEA Europe's parameters but a latitude of origin of 48°; no authority, so GDAL writes every
    // parameter as a GeoKey (ProjectedCSTypeGeoKey = 32767, user-defined).
    private const string Laea48 = """PROJCS["ETRS89-extended / LAEA Europe",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["latitude_of_center",48],PARAMETER["longitude_of_center",10],PARAMETER["false_easting",4321000],PARAMETER["false_northing",3210000],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]""";

    // GeoKey directory entries are four little-endian SHORTs: key id, tag location (0 = the value
    // itself), count, value (GeoTIFF 1.1, OGC 19-008r4, §7.1.3). ProjectedCSTypeGeoKey is 3072.
    private const ushort ProjectedCsTypeGeoKey = 3072, UserDefined = 32767;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void GeoTiff_whose_geokeys_contradict_their_epsg_code_keeps_the_geokeys_crs()
    {
        var source = GeoTiffNamingEpsg3035WithLatitude48();
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.3, 0.3, 0.7, 0.7);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Contains("PARAMETER[\"latitude_of_center\",48]", result.Source.CrsWkt);
        var written = Info(_dir.File("out.tif"));
        Assert.Contains("PARAMETER[\"latitude_of_center\",48]", written.CrsWkt);
        Assert.True(CrsIdentity.AreSame(result.Source.CrsWkt!, written.CrsWkt!), written.CrsWkt);
        Assert.DoesNotContain("-t_srs", result.Arguments);
        GridAssert.SameGrid(written, result.Source.GeoTransform!);
        AssertLandsOnTheAoi(aoi, _dir.File("out.tif"));
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), source);
        Assert.True(unmasked > 1000, $"only {unmasked} unmasked pixels");
        Assert.Equal(unmasked, equal);
    }

    [Fact]
    public void Vrt_whose_wkt_names_an_epsg_code_it_contradicts_is_written_with_its_own_parameters()
    {
        var pixels = TestRasters.Create(_dir.Path, Spec("pixels", Laea48));
        var claimed = Laea48[..^1] + ",AUTHORITY[\"EPSG\",\"3035\"]]";
        var source = _dir.File("claims-3035.vrt");
        File.WriteAllText(source, $"""
            <VRTDataset rasterXSize="300" rasterYSize="240"><SRS>{SecurityElement.Escape(claimed)}</SRS>
            <GeoTransform>4300000, 100, 0, 3230000, 0, -100</GeoTransform>
            <VRTRasterBand dataType="Byte" band="1"><SimpleSource><SourceFilename relativeToVRT="0">{pixels}</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand>
            </VRTDataset>
            """);
        Assert.Equal(3035, CrsIdentity.ConflictingEpsgCode(Info(source).CrsWkt!));
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.3, 0.3, 0.7, 0.7);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        Assert.Contains("-t_srs", result.Arguments);
        Assert.DoesNotContain("AUTHORITY[\"EPSG\",\"3035\"]", Info(_dir.File("out.tif")).CrsWkt);
        Assert.Contains("PARAMETER[\"latitude_of_center\",48]", Info(_dir.File("out.tif")).CrsWkt);
        AssertLandsOnTheAoi(aoi, _dir.File("out.tif"));
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), pixels);
        Assert.True(unmasked > 1000, $"only {unmasked} unmasked pixels");
        Assert.Equal(unmasked, equal);
    }

    [Theory]
    [InlineData(3035)]
    [InlineData(32633)]
    [InlineData(4326)]
    public void Crs_that_is_its_registry_entry_is_passed_through_untouched(int epsg)
    {
        var wkt = CoordinateTransformation.EpsgWkt(epsg);

        Assert.Null(CrsIdentity.ConflictingEpsgCode(wkt));
        Assert.Null(OutputCrs.TargetFor(wkt));
    }

    /// <summary>The output, placed on the Earth by its own CRS, covers the AOI (within a pixel): with
    /// the registry's latitude of origin it would sit about 440 km away.</summary>
    private static void AssertLandsOnTheAoi(string aoiGeoJson, string output)
    {
        var aoi = AoiValidator.Validate(aoiGeoJson).Geometry!.EnvelopeInternal;
        var (west, south, east, north) = TestRasters.LonLatBounds(output);
        const double pixelDegrees = 0.0015; // 100 m
        Assert.Equal(aoi.MinX, west, pixelDegrees);
        Assert.Equal(aoi.MaxX, east, pixelDegrees);
        Assert.Equal(aoi.MinY, south, pixelDegrees);
        Assert.Equal(aoi.MaxY, north, pixelDegrees);
    }

    /// <summary>A COG whose GeoKeys carry the parameters of <see cref="Laea48"/> and ProjectedCSTypeGeoKey
    /// 3035, as software that labels a modified CRS with the code it started from writes it.</summary>
    private string GeoTiffNamingEpsg3035WithLatitude48()
    {
        var path = TestRasters.Create(_dir.Path, Spec("geokeys-3035-lat48", Laea48));
        var bytes = File.ReadAllBytes(path);
        var entry = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(entry, ProjectedCsTypeGeoKey);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), UserDefined);
        var at = bytes.AsSpan().IndexOf(entry);
        Assert.True(at > 0, "the file has no user-defined ProjectedCSTypeGeoKey");
        Assert.Equal(-1, bytes.AsSpan(at + 8).IndexOf(entry));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 6), 3035);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // 300 × 240 pixels of 100 m around the projection's origin (10°E, 48°N).
    private static RasterSpec Spec(string name, string wkt) =>
        new(name, 3035, Width: 300, Height: 240, Transform: [4_300_000, 100, 0, 3_230_000, 0, -100], Wkt: wkt);

    private static RasterInfo Info(string path)
    {
        using var ds = GdalDataset.Open(path) ?? throw new InvalidOperationException(path);
        return ds.Info();
    }
}
