namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>GDAL pixel types (<c>GDALDataType</c>) the clip deals with.</summary>
public enum GdalDataType
{
    Unknown = 0, Byte = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Float64 = 7,
    CInt16 = 8, CInt32 = 9, CFloat32 = 10, CFloat64 = 11,
}

public static class GdalDataTypes
{
    /// <summary>Complex pixels (a real and an imaginary part), e.g. SAR single-look complex data.</summary>
    public static bool IsComplex(this GdalDataType type) => type is >= GdalDataType.CInt16 and <= GdalDataType.CFloat64;
}

/// <summary>GDAL colour interpretations (<c>GDALColorInterp</c>) the clip distinguishes.</summary>
public enum GdalColorInterp { Undefined = 0, Gray = 1, Palette = 2, Red = 3, Green = 4, Blue = 5, Alpha = 6 }

/// <summary>One band of a raster.</summary>
public sealed record BandInfo(GdalDataType DataType, string DataTypeName, GdalColorInterp ColorInterp, string ColorInterpName,
    double? NoData, int OverviewCount, int BlockWidth, int BlockHeight);

/// <summary>What the clip needs to know about a raster.</summary>
/// <param name="Driver">GDAL's short driver name (GTiff, VRT, ...).</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Bands">The bands, first band first.</param>
/// <param name="CrsWkt">The CRS as WKT as GDAL reads it, or null when the raster has none.</param>
/// <param name="GeoTransform">GDAL's affine: x = gt0 + col·gt1 + row·gt2, y = gt3 + col·gt4 + row·gt5.</param>
/// <param name="Layout">IMAGE_STRUCTURE LAYOUT ("COG" for a cloud-optimized GeoTIFF), if reported.</param>
/// <param name="Compression">IMAGE_STRUCTURE COMPRESSION, if reported.</param>
/// <param name="PerDatasetMask">The raster has a mask shared by all bands (internal mask band or .msk side-car).</param>
/// <param name="GcpCount">Ground control points the raster carries (SAR products, scanned maps).</param>
/// <param name="GcpCrsWkt">The CRS of the GCPs' map coordinates.</param>
/// <param name="HasRpc">The raster carries rational polynomial coefficients (RPC metadata domain).</param>
/// <param name="RpcHeightOffset">The RPCs' HEIGHT_OFF: the scene's mean height, metres.</param>
public sealed record RasterInfo(
    string Driver,
    int Width,
    int Height,
    IReadOnlyList<BandInfo> Bands,
    string? CrsWkt,
    double[]? GeoTransform,
    string? Layout,
    string? Compression,
    bool PerDatasetMask = false,
    int GcpCount = 0,
    string? GcpCrsWkt = null,
    bool HasRpc = false,
    double? RpcHeightOffset = null)
{
    public int OverviewCount => Bands.Count == 0 ? 0 : Bands[0].OverviewCount;

    /// <summary>Bounds (minX, minY, maxX, maxY) in the raster's CRS, from the four corners.</summary>
    public (double MinX, double MinY, double MaxX, double MaxY)? Bounds()
    {
        if (GeoTransform is not { } gt) return null;
        double[] xs = [gt[0], gt[0] + Width * gt[1], gt[0] + Height * gt[2], gt[0] + Width * gt[1] + Height * gt[2]];
        double[] ys = [gt[3], gt[3] + Width * gt[4], gt[3] + Height * gt[5], gt[3] + Width * gt[4] + Height * gt[5]];
        return (xs.Min(), ys.Min(), xs.Max(), ys.Max());
    }
}

/// <summary>Band statistics.</summary>
public sealed record BandStatistics(double Min, double Max, double Mean, double StdDev);
