using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// A PROJ transformation between two CRSs, both with traditional GIS axis order (x = easting or
/// longitude, y = northing or latitude) whatever the authority says. Not thread-safe: one per use.
/// </summary>
public sealed unsafe class CoordinateTransformation : IDisposable
{
    private const int TraditionalGisOrder = 0;
    private readonly TransformationHandle _handle;

    private CoordinateTransformation(nint handle) => _handle = new TransformationHandle(handle);

    /// <summary>From EPSG:4326 (lon/lat) to the CRS in <paramref name="targetWkt"/>.</summary>
    public static CoordinateTransformation FromLonLat(string targetWkt) => Create(Epsg(4326), Wkt(targetWkt));

    /// <summary>From the CRS in <paramref name="sourceWkt"/> to EPSG:4326 (lon/lat).</summary>
    public static CoordinateTransformation ToLonLat(string sourceWkt) => Create(Wkt(sourceWkt), Epsg(4326));

    /// <summary>The WKT of an EPSG code, e.g. for building test rasters.</summary>
    public static string EpsgWkt(int code)
    {
        var srs = Epsg(code);
        try { return ExportWkt(srs, $"EPSG:{code}"); }
        finally { GdalApi.OSRDestroySpatialReference(srs); }
    }

    /// <summary>The WKT of any CRS definition GDAL reads (a PROJ string, EPSG:n, WKT), e.g. for
    /// building test rasters in CRSs without a code.</summary>
    public static string WktOf(string definition)
    {
        GdalRuntime.EnsureInitialized();
        var srs = GdalApi.OSRNewSpatialReference(null);
        try
        {
            if (GdalApi.OSRSetFromUserInput(srs, definition) != 0) throw new GdalException($"'{definition}' is not a CRS GDAL reads.");
            return ExportWkt(srs, definition);
        }
        finally { GdalApi.OSRDestroySpatialReference(srs); }
    }

    private static string ExportWkt(nint srs, string what)
    {
        nint wkt;
        if (GdalApi.OSRExportToWkt(srs, &wkt) != 0) throw new GdalException($"{what} cannot be written as WKT.");
        try { return Marshal.PtrToStringUTF8(wkt) ?? ""; }
        finally { GdalApi.VSIFree(wkt); }
    }

    private static CoordinateTransformation Create(nint source, nint target)
    {
        try
        {
            var handle = GdalApi.OCTNewCoordinateTransformation(source, target);
            return handle != 0 ? new CoordinateTransformation(handle) : throw new GdalException("No transformation between these CRSs.");
        }
        finally
        {
            GdalApi.OSRDestroySpatialReference(source);
            GdalApi.OSRDestroySpatialReference(target);
        }
    }

    private static nint Epsg(int code)
    {
        GdalRuntime.EnsureInitialized();
        var srs = GdalApi.OSRNewSpatialReference(null);
        if (GdalApi.OSRImportFromEPSG(srs, code) != 0)
        {
            GdalApi.OSRDestroySpatialReference(srs);
            throw new GdalException($"EPSG:{code} is unknown to PROJ.");
        }
        GdalApi.OSRSetAxisMappingStrategy(srs, TraditionalGisOrder);
        return srs;
    }

    private static nint Wkt(string wkt)
    {
        GdalRuntime.EnsureInitialized();
        var srs = GdalApi.OSRNewSpatialReference(wkt);
        if (srs == 0) throw new GdalException("The raster's CRS could not be parsed.");
        GdalApi.OSRSetAxisMappingStrategy(srs, TraditionalGisOrder);
        return srs;
    }

    /// <summary>Transforms points in place; false if any point failed.</summary>
    public bool Transform(double[] xs, double[] ys)
    {
        if (xs.Length != ys.Length) throw new ArgumentException("x and y must have the same length.");
        fixed (double* px = xs)
        fixed (double* py = ys)
            return GdalApi.OCTTransform(_handle.DangerousGetHandle(), xs.Length, px, py, null) != 0
                && xs.All(double.IsFinite) && ys.All(double.IsFinite);
    }

    /// <summary>Bounds of a box after transformation, densified along its edges.</summary>
    public (double MinX, double MinY, double MaxX, double MaxY)? TransformBounds(double minX, double minY, double maxX, double maxY)
    {
        double a, b, c, d;
        return GdalApi.OCTTransformBounds(_handle.DangerousGetHandle(), minX, minY, maxX, maxY, &a, &b, &c, &d, 21) != 0 ? (a, b, c, d) : null;
    }

    public void Dispose() => _handle.Dispose();
}
