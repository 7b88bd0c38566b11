using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Host.Verbs;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Rasters whose CRS PROJ cannot relate to WGS 84 (other celestial bodies, engineering
/// CRSs) are refused for good as InvalidRaster naming the CRS; nothing else escapes the clip.</summary>
public sealed class CrsRefusalTests : IDisposable
{
    // Mars 2000 (IAU 49900) as ESRI writes it; its ellipsoid makes PROJ treat it as another body.
    private const string Mars = """GEOGCS["Mars 2000",DATUM["D_Mars_2000",SPHEROID["Mars_2000_IAU_IAG",3396190.0,169.894447223612]],PRIMEM["Reference_Meridian",0.0],UNIT["Degree",0.0174532925199433]]""";
    // Europa as an equirectangular projection, as planetary archives (PDS, USGS) publish it.
    private const string Europa = """PROJCS["Europa equirectangular",GEOGCS["GCS_Europa",DATUM["D_Europa",SPHEROID["Europa",1560800.0,0.0]],PRIMEM["Reference_Meridian",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Equirectangular"],PARAMETER["false_easting",0],PARAMETER["false_northing",0],PARAMETER["central_meridian",0],PARAMETER["standard_parallel_1",0],UNIT["Meter",1.0]]""";
    private const string Engineering = """LOCAL_CS["Site grid",LOCAL_DATUM["Site datum",32767],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]""";
    private const string Aoi = """{"type":"Polygon","coordinates":[[[15.0,45.0],[15.01,45.0],[15.01,45.01],[15.0,45.01],[15.0,45.0]]]}""";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, double[]> Crss => new()
    {
        { "Mars 2000", Mars, [14.9, 0.001, 0, 45.1, 0, -0.001] },
        { "Europa equirectangular", Europa, [400_000, 100, 0, 1_230_000, 0, -100] },
        { "Site grid", Engineering, [0, 1, 0, 500, 0, -1] },
    };

    [Theory]
    [MemberData(nameof(Crss))]
    public void Raster_in_a_crs_without_a_transformation_to_wgs84_is_an_invalid_raster_naming_the_crs(string name, string wkt, double[] gt)
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("alien", 4326, Width: 100, Height: 100, Transform: gt, Wkt: wkt));

        var failure = Assert.Throws<ClipFailure>(() => ClipFixture.Clip(source, Aoi, _dir.File("out.tif")));

        Assert.Equal(ClipErrors.InvalidRaster, failure.Code);
        Assert.False(failure.Retryable);
        Assert.Contains($"\"{name}\"", failure.Message);
        Assert.Contains("EPSG:4326", failure.Message);
        Assert.False(File.Exists(_dir.File("out.tif")));
    }

    [Fact]
    public async Task Clip_verb_reports_the_refusal_and_exits_1()
    {
        var source = TestRasters.Create(_dir.Path, new RasterSpec("mars", 4326, Width: 100, Height: 100, Transform: [14.9, 0.001, 0, 45.1, 0, -0.001], Wkt: Mars));
        File.WriteAllText(_dir.File("aoi.geojson"), Aoi);

        var stderr = new StringWriter();
        var previous = Console.Error;
        Console.SetError(stderr);
        try
        {
            Assert.Equal(1, await HostVerbs.RunAsync(["clip", "--source", source, "--aoi", _dir.File("aoi.geojson"), "--out", _dir.File("out.tif")]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains($"error {ClipErrors.InvalidRaster}", stderr.ToString());
        Assert.Contains("Mars 2000", stderr.ToString());
    }
}
