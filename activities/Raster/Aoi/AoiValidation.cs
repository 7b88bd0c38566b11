using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster.Aoi;

/// <summary>Stable codes of AOI failures; the API returns them to clients, so never rename one.</summary>
public static class AoiErrorCodes
{
    public const string Malformed = "aoi.malformed";
    public const string NotPolygon = "aoi.not_polygon";
    public const string Empty = "aoi.empty";
    public const string RingNotClosed = "aoi.ring_not_closed";
    public const string OutOfRange = "aoi.out_of_range";
    public const string TooManyVertices = "aoi.too_many_vertices";
    public const string SelfIntersection = "aoi.self_intersection";
    public const string InvalidGeometry = "aoi.invalid_geometry";
    public const string TooLarge = "aoi.too_large";
}

/// <summary>Why an AOI was refused: a stable <see cref="Code"/> and a message for a person.</summary>
public sealed record AoiError(string Code, string Message);

/// <summary>
/// Limits on an AOI. 1,500 vertices is Planet's cap for clip AOIs, kept so AOIs move between
/// the two services unchanged. 10,000 km² bounds one job's work (a 100 × 100 km square: at 5 m
/// pixels a 20000 × 20000 output per asset).
/// </summary>
public sealed record AoiLimits(int MaxVertices = 1500, double MaxAreaKm2 = 10_000)
{
    public static AoiLimits Default { get; } = new();
}

/// <summary>Either a valid AOI (a Polygon or MultiPolygon in lon/lat, SRID 4326) or why not.</summary>
public sealed record AoiValidationResult
{
    private AoiValidationResult(Geometry? geometry, AoiError? error, double areaKm2)
    {
        Geometry = geometry;
        Error = error;
        AreaKm2 = areaKm2;
    }

    public Geometry? Geometry { get; }
    public AoiError? Error { get; }
    public double AreaKm2 { get; }
    public bool IsValid => Geometry is not null;

    public static AoiValidationResult Valid(Geometry geometry, double areaKm2) => new(geometry, null, areaKm2);
    public static AoiValidationResult Invalid(string code, string message) => new(null, new AoiError(code, message), 0);
}
