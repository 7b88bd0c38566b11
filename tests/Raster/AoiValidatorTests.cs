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

    [Theory]
    [InlineData(-360, -90, null)]
    [InlineData(360, 90, null)]
    [InlineData(-360.000001, 0, AoiErrorCodes.OutOfRange)]
    [InlineData(360.000001, 0, AoiErrorCodes.OutOfRange)]
    [InlineData(0, -90.000001, AoiErrorCodes.OutOfRange)]
    [InlineData(0, 90.000001, AoiErrorCodes.OutOfRange)]
    public void Positions_up_to_lon_360_and_lat_90_are_read_and_past_them_refused(double lon, double lat, string? code)
    {
        var corner = FormattableString.Invariant($"[{lon:R},{lat:R}]");
        using var json = JsonDocument.Parse($$"""{"type":"Polygon","coordinates":[[[0,0],{{corner}},[1,1],[0,0]]]}""");

        Assert.Equal(code, GeoJsonPolygonReader.Read(json.RootElement).Error?.Code);
    }

    [Fact]
    public void A_triangle_of_four_positions_is_the_smallest_ring()
    {
        var triangle = AoiValidator.Validate("""{"type":"Polygon","coordinates":[[[15,45],[15.1,45],[15,45.1],[15,45]]]}""");

        Assert.True(triangle.IsValid);
        Assert.InRange(triangle.AreaKm2, 43, 45); // half the 0.1° square of Simple_polygon_is_valid_with_its_area
    }

    [Fact]
    public void Vertices_of_holes_and_of_every_polygon_count_towards_the_limit()
    {
        var holed = AoiValidator.Validate($$"""{"type":"Polygon","coordinates":[{{Ring(1000, 15, 45, 0.05)}},{{Ring(501, 15, 45, 0.01)}}]}""");
        var parts = AoiValidator.Validate($$"""{"type":"MultiPolygon","coordinates":[[{{Ring(750, 15, 45, 0.05)}}],[{{Ring(751, 16, 45, 0.05)}}]]}""");
        var withinLimit = AoiValidator.Validate($$"""{"type":"MultiPolygon","coordinates":[[{{Ring(750, 15, 45, 0.05)}}],[{{Ring(750, 16, 45, 0.05)}}]]}""");

        Assert.Equal(AoiErrorCodes.TooManyVertices, holed.Error?.Code);
        Assert.Equal(AoiErrorCodes.TooManyVertices, parts.Error?.Code);
        Assert.Contains("1501", parts.Error!.Message);
        Assert.True(withinLimit.IsValid);
    }

    [Fact]
    public void A_multipolygon_covers_the_area_of_all_its_parts()
    {
        var one = AoiValidator.Validate("""{"type":"Polygon","coordinates":[[[0,0],[0.5,0],[0.5,0.5],[0,0.5],[0,0]]]}""");
        var two = AoiValidator.Validate("""{"type":"MultiPolygon","coordinates":[[[[0,0],[0.5,0],[0.5,0.5],[0,0.5],[0,0]]],[[[2,0],[2.5,0],[2.5,0.5],[2,0.5],[2,0]]]]}""");

        Assert.Equal(2 * one.AreaKm2, two.AreaKm2, one.AreaKm2 * 0.001);
    }

    [Theory]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,0],[3,95],[3,1],[2,0]]]]}""", "Polygon 2, ring 1, position 2")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]],[[0.5,0.5],[1,0.5],[1,1]]]}""", "Ring 2 is not closed")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[]]}""", "Polygon 2, polygon has no rings")]
    public void A_refusal_names_the_polygon_ring_and_position_at_fault(string json, string location)
    {
        Assert.Contains(location, AoiValidator.Validate(json).Error!.Message, StringComparison.Ordinal);
    }

    /// <summary>A closed ring of <paramref name="vertices"/> positions around a centre, as GeoJSON.</summary>
    private static string Ring(int vertices, double lon, double lat, double radius)
    {
        var points = Enumerable.Range(0, vertices)
            .Select(i => 2 * Math.PI * i / vertices)
            .Select(a => FormattableString.Invariant($"[{lon + radius * Math.Cos(a):R},{lat + radius * Math.Sin(a):R}]"))
            .ToList();
        points.Add(points[0]);
        return $"[{string.Join(",", points)}]";
    }

    private static string Circle(int vertices) => $$"""{"type":"Polygon","coordinates":[{{Ring(vertices, 15, 45, 0.05)}}]}""";
}
