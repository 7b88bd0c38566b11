using System.Globalization;
using System.Security;
using System.Text;
using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// A VRT over the source that shows its per-dataset mask (internal mask band or <c>.msk</c>
/// side-car) as a last, alpha band. GDAL 3.6's warper ignores per-dataset masks wherever a cutline
/// applies (it honours them without one), but it always honours a source alpha band, cutline or not:
/// warping this VRT keeps pixels masked in the source masked in the output, at the speed of one warp.
/// The colour bands are the source's, unchanged (type, nodata, colour interpretation, CRS, grid).
/// </summary>
public static class MaskAlphaVrt
{
    /// <param name="sourcePath">The GDAL path of the source.</param>
    /// <param name="info">The source as GDAL reads it.</param>
    /// <param name="sidecarMask">The <c>.msk</c> file holding the mask, or null for a mask inside the source.</param>
    public static string Xml(string sourcePath, RasterInfo info, string? sidecarMask)
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"<VRTDataset rasterXSize=\"{info.Width}\" rasterYSize=\"{info.Height}\">");
        xml.Append(CultureInfo.InvariantCulture, $"<SRS>{Escape(info.CrsWkt ?? "")}</SRS>");
        xml.Append("<GeoTransform>").Append(string.Join(", ", info.GeoTransform!.Select(Num))).Append("</GeoTransform>");
        for (var b = 0; b < info.Bands.Count; b++)
        {
            var band = info.Bands[b];
            xml.Append(CultureInfo.InvariantCulture, $"<VRTRasterBand dataType=\"{band.DataTypeName}\" band=\"{b + 1}\">");
            xml.Append(CultureInfo.InvariantCulture, $"<ColorInterp>{band.ColorInterpName}</ColorInterp>");
            if (band.NoData is { } nd) xml.Append(CultureInfo.InvariantCulture, $"<NoDataValue>{Num(nd)}</NoDataValue>");
            xml.Append(Source(sourcePath, (b + 1).ToString(CultureInfo.InvariantCulture))).Append("</VRTRasterBand>");
        }
        // The mask's 0/255 are the alpha's transparent/opaque.
        xml.Append(CultureInfo.InvariantCulture, $"<VRTRasterBand dataType=\"Byte\" band=\"{info.Bands.Count + 1}\"><ColorInterp>Alpha</ColorInterp>");
        xml.Append(sidecarMask is null ? Source(sourcePath, "mask,1") : Source(sidecarMask, "1")).Append("</VRTRasterBand>");
        return xml.Append("</VRTDataset>").ToString();
    }

    /// <summary>The <c>.msk</c> side-car of a local source, if it has one. GDAL finds side-cars by
    /// listing the source's folder, which the service turns off (GDAL_DISABLE_READDIR_ON_OPEN, dozens
    /// of requests per remote open), so local side-cars are looked up here; remote ones are not probed.</summary>
    public static string? LocalSidecar(string sourcePath) =>
        Path.IsPathRooted(sourcePath) && !sourcePath.StartsWith("/vsi", StringComparison.Ordinal) && File.Exists(sourcePath + SidecarSuffix)
            ? sourcePath + SidecarSuffix
            : null;

    /// <summary>What GDAL appends to a raster's path to find its mask sidecar.</summary>
    public const string SidecarSuffix = ".msk";

    private static string Source(string path, string band) =>
        $"<SimpleSource><SourceFilename relativeToVRT=\"0\">{Escape(path)}</SourceFilename><SourceBand>{band}</SourceBand></SimpleSource>";

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Num(double value) =>
        double.IsNaN(value) ? "nan" : value.ToString("R", CultureInfo.InvariantCulture);
}
