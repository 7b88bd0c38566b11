using System.Text.RegularExpressions;
using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// The output's CRS is the source's CRS as GDAL reads it. A source CRS that names an EPSG code
/// while defining other parameters (another latitude of origin, say) would be written by the
/// GeoTIFF writer as the bare code, i.e. read back as the registry's CRS: such a CRS is handed to
/// gdalwarp as <c>-t_srs</c> without its code, so the writer stores its parameters. GeoTIFF sources
/// never get here (GTIFF_SRS_SOURCE=GEOKEYS already drops a code the keys contradict); VRTs and
/// other formats that carry a WKT can.
/// </summary>
public static partial class OutputCrs
{
    /// <summary>The WKT to pass as <c>-t_srs</c>, or null when the source's CRS survives as is.</summary>
    public static string? TargetFor(string sourceWkt)
    {
        if (CrsIdentity.ConflictingEpsgCode(sourceWkt) is null) return null;
        var anonymous = RootAuthority().Replace(sourceWkt, "]");
        return anonymous != sourceWkt && CrsIdentity.IsAnonymous(anonymous) ? anonymous : null;
    }

    // GDAL's WKT1 puts the root's AUTHORITY last (WKT2's ID likewise): the final node before the closing bracket.
    [GeneratedRegex("""\s*,\s*(AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?\d+"?\s*\]\s*\]\s*$""")]
    private static partial Regex RootAuthority();
}
