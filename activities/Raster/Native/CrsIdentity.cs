using System.Globalization;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// Does a CRS carry an EPSG code whose registry entry is another CRS? A WKT may name an EPSG code
/// and still define its own parameters (a VRT, a side-car, a file written by other software); GDAL
/// keeps such a CRS as given, but its GeoTIFF writer stores the code alone, so a file written with
/// it would be read back as the registry's CRS.
/// </summary>
public static class CrsIdentity
{
    /// <summary>The EPSG code <paramref name="wkt"/> names at its root when that code's registry
    /// entry differs from the CRS the WKT defines; null when it names none, or the registry agrees.</summary>
    public static int? ConflictingEpsgCode(string wkt)
    {
        GdalRuntime.EnsureInitialized();
        var srs = GdalApi.OSRNewSpatialReference(wkt);
        if (srs == 0) return null;
        try
        {
            if (GdalApi.Utf8(GdalApi.OSRGetAuthorityName(srs, null)) != "EPSG") return null;
            if (!int.TryParse(GdalApi.Utf8(GdalApi.OSRGetAuthorityCode(srs, null)), NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return null;
            var registry = GdalApi.OSRNewSpatialReference(null);
            try
            {
                // A code the registry does not know cannot be written in place of the CRS either.
                if (GdalApi.OSRImportFromEPSG(registry, code) != 0) return null;
                return GdalApi.OSRIsSame(srs, registry) != 0 ? null : code;
            }
            finally { GdalApi.OSRDestroySpatialReference(registry); }
        }
        finally { GdalApi.OSRDestroySpatialReference(srs); }
    }

    /// <summary>Do two WKTs define the same CRS (PROJ's equivalence: same datum, method and
    /// parameters, however spelled)?</summary>
    public static bool AreSame(string a, string b)
    {
        GdalRuntime.EnsureInitialized();
        nint first = GdalApi.OSRNewSpatialReference(a), second = GdalApi.OSRNewSpatialReference(b);
        try { return first != 0 && second != 0 && GdalApi.OSRIsSame(first, second) != 0; }
        finally
        {
            if (first != 0) GdalApi.OSRDestroySpatialReference(first);
            if (second != 0) GdalApi.OSRDestroySpatialReference(second);
        }
    }

    /// <summary>True when <paramref name="wkt"/> parses and names no authority at its root.</summary>
    public static bool IsAnonymous(string wkt)
    {
        GdalRuntime.EnsureInitialized();
        var srs = GdalApi.OSRNewSpatialReference(wkt);
        if (srs == 0) return false;
        try { return GdalApi.OSRGetAuthorityName(srs, null) == 0; }
        finally { GdalApi.OSRDestroySpatialReference(srs); }
    }
}
