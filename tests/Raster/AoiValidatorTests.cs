using System.Text.Json;
using Geopera.Clip.Activities.Raster.Aoi;
using NetTopologySuite.Geometries;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

public sealed class AoiValidatorTests
{
    private const string Square = """{"type":"Polygon","coordinates":[[[15,45],[15.1,45],[15.1,45.1],[15,45.1],[15,45]]]}""";

    [Fact]
    public void Simple_polygon_is_valid_with_its_area()
    {
        var result = AoiValidator.Validate(Square);

        Assert.True(result.IsValid);
        Assert.IsType<Polygon>(result.Geometry);
        Assert.Equal(4326, result.Geometry!.SRID);
        Assert.InRange(result.AreaKm2, 86, 89); // 0.1° × 0.1° at 45°N ≈ 7.87 km × 11.1 km
    }

    [Fact]
    public void Multipolygon_and_hole_are_valid_and_the_hole_is_subtracted()
    {
        var multi = AoiValidator.Validate("""{"type":"MultiPolygon","coordinates":[[[[0,0],[0.5,0],[0.5,0.5],[0,0.5],[0,0]]],[[[2,0],[2.5,0],[2.5,0.5],[2,0.5],[2,0]]]]}""");
        var holed = AoiValidator.Validate("""{"type":"Polygon","coordinates":[[[0,0],[0.8,0],[0.8,0.8],[0,0.8],[0,0]],[[0.2,0.2],[0.6,0.2],[0.6,0.6],[0.2,0.6],[0.2,0.2]]]}""");
        var plain = AoiValidator.Validate("""{"type":"Polygon","coordinates":[[[0,0],[0.8,0],[0.8,0.8],[0,0.8],[0,0]]]}""");

        Assert.IsType<MultiPolygon>(multi.Geometry);
        Assert.True(holed.IsValid);
        Assert.Equal(plain.AreaKm2 * 0.75, holed.AreaKm2, plain.AreaKm2 * 0.01);
    }

    [Fact]
    public void Json_element_entry_point_gives_the_same_answer()
    {
        using var document = JsonDocument.Parse(Square);
        Assert.True(AoiValidator.Validate(document.RootElement).IsValid);
    }

    [Fact]
    public void Self_intersection_is_named_with_its_location()
    {
        var bowtie = AoiValidator.Validate("""{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}""");

        Assert.Equal(AoiErrorCodes.SelfIntersection, bowtie.Error!.Code);
        Assert.Contains("[0.5, 0.5]", bowtie.Error.Message);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}""", AoiErrorCodes.RingNotClosed)]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", AoiErrorCodes.Empty)]
    [InlineData("""{"type":"Polygon","coordinates":[[]]}""", AoiErrorCodes.Empty)]
    [InlineData("", AoiErrorCodes.Empty)]
    [InlineData("""{"type":"Point","coordinates":[1,2]}""", AoiErrorCodes.NotPolygon)]
    [InlineData("""{"type":"Feature","geometry":null}""", AoiErrorCodes.NotPolygon)]
    [InlineData("""{"type":"LineString","coordinates":[[0,0],[1,1]]}""", AoiErrorCodes.NotPolygon)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[361,0],[1,1],[0,0]]]}""", AoiErrorCodes.OutOfRange)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]}""", AoiErrorCodes.OutOfRange)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1e400,0],[1,1],[0,0]]]}""", AoiErrorCodes.OutOfRange)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],["a",0],[1,1],[0,0]]]}""", AoiErrorCodes.Malformed)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}""", AoiErrorCodes.Malformed)]
    [InlineData("""{"type":"Polygon"}""", AoiErrorCodes.Malformed)]
    [InlineData("""{"coordinates":[]}""", AoiErrorCodes.Malformed)]
    [InlineData("""[1,2]""", AoiErrorCodes.Malformed)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0]""", AoiErrorCodes.Malformed)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]],[[3,3],[4,3],[4,4],[3,4],[3,3]]]}""", AoiErrorCodes.InvalidGeometry)]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}""", AoiErrorCodes.TooLarge)]
    public void Invalid_aoi_gets_its_stable_code_and_a_message(string json, string code)
    {
        var result = AoiValidator.Validate(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Geometry);
        Assert.Equal(code, result.Error!.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Fact]
    public void Vertex_limit_is_1500_positions_not_counting_the_closing_one()
    {
        Assert.True(AoiValidator.Validate(Circle(1500)).IsValid);
        var tooMany = AoiValidator.Validate(Circle(1501));
        Assert.Equal(AoiErrorCodes.TooManyVertices, tooMany.Error!.Code);
        Assert.Contains("1501", tooMany.Error.Message);
    }

    [Fact]
    public void Limits_can_be_tightened()
    {
        var result = AoiValidator.Validate(Square, new AoiLimits(MaxVertices: 1500, MaxAreaKm2: 50));
        Assert.Equal(AoiErrorCodes.TooLarge, result.Error!.Code);
    }

    private static string Circle(int vertices)
    {
        var points = Enumerable.Range(0, vertices)
            .Select(i => 2 * Math.PI * i / vertices)
            .Select(a => FormattableString.Invariant($"[{15 + 0.05 * Math.Cos(a):R},{45 + 0.05 * Math.Sin(a):R}]"))
            .ToList();
        points.Add(points[0]);
        return $$"""{"type":"Polygon","coordinates":[[{{string.Join(",", points)}}]]}""";
    }
}
