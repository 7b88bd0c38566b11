namespace Geopera.Clip.Host.Api.TileInfo;

/// <summary>Per-band statistics of a raster.</summary>
public sealed record BandSummary(int Band, string DataType, double? Min, double? Max, double? Mean, double? Nodata);

/// <summary>What tile rendering needs from a raster: its extent in EPSG:4326, its pixel size in
/// metres at the centre, and its bands.</summary>
public sealed record RasterSummary(double West, double South, double East, double North, double PixelSizeMetres, IReadOnlyList<BandSummary> Bands);

/// <summary>Reads a <see cref="RasterSummary"/> from a raster GDAL can open.</summary>
public interface IRasterSummaryReader
{
    Task<RasterSummary> ReadAsync(string gdalPath, CancellationToken ct);
}
