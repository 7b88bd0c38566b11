using System.Globalization;

namespace Geopera.Clip.Tests.Raster;

/// <summary>GeoJSON AOIs placed relative to a raster's lon/lat bounds (fractions 0..1 of its width and height).</summary>
public static class TestAois
{
    public static string Box((double W, double S, double E, double N) r, double fx0, double fy0, double fx1, double fy1) =>
        Polygon(Ring(r, fx0, fy0, fx1, fy1));

    public static string BoxWithHole((double W, double S, double E, double N) r) =>
        Polygon(Ring(r, 0.1, 0.1, 0.9, 0.9), Ring(r, 0.4, 0.4, 0.6, 0.6));

    public static string TwoBoxes((double W, double S, double E, double N) r) =>
        $$"""{"type":"MultiPolygon","coordinates":[[{{Ring(r, 0.1, 0.1, 0.35, 0.4)}}],[{{Ring(r, 0.6, 0.5, 0.9, 0.85)}}]]}""";

    public static string Polygon(params string[] rings) =>
        $$"""{"type":"Polygon","coordinates":[{{string.Join(",", rings)}}]}""";

    /// <summary>A closed ring (counter-clockwise) for the given fractions of the bounds.</summary>
    public static string Ring((double W, double S, double E, double N) r, double fx0, double fy0, double fx1, double fy1)
    {
        double X(double f) => r.W + f * (r.E - r.W);
        double Y(double f) => r.S + f * (r.N - r.S);
        string P(double x, double y) => string.Create(CultureInfo.InvariantCulture, $"[{x:R},{y:R}]");
        return $"[{P(X(fx0), Y(fy0))},{P(X(fx1), Y(fy0))},{P(X(fx1), Y(fy1))},{P(X(fx0), Y(fy1))},{P(X(fx0), Y(fy0))}]";
    }
}
