using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Host.Api.TileInfo;

/// <summary>
/// Reads a <see cref="RasterSummary"/> with the raster engine's GDAL binding. Statistics are
/// computed by reading rows, not with GDAL's statistics call, because that one persists them in
/// a <c>.aux.xml</c> beside the file — a write into the output store. Up to
/// <see cref="ExactPixelBudget"/> pixels per band every row is read (exact); beyond, an evenly
/// spaced sample of rows (approximate). Nodata pixels are excluded.
/// </summary>
public sealed class GdalRasterSummaryReader : IRasterSummaryReader
{
    public const long ExactPixelBudget = 4_000_000;
    private const double MetresPerDegree = 111_319.490_793_273_57;

    public Task<RasterSummary> ReadAsync(string gdalPath, CancellationToken ct) =>
        Task.Run(() => Read(gdalPath, ct), ct); // GDAL blocks and keeps per-thread error state: no awaits inside

    private static RasterSummary Read(string path, CancellationToken ct)
    {
        using var errors = new GdalErrorScope();
        using var dataset = GdalDataset.Open(path) ?? throw new GdalException(errors.Describe($"GDAL cannot open {path}."));
        var info = dataset.Info();
        if (info.Bounds() is not { } b || info.CrsWkt is null)
            throw new GdalException($"{path} has no georeferencing.");
        using var toLonLat = CoordinateTransformation.ToLonLat(info.CrsWkt);
        var lonLat = toLonLat.TransformBounds(b.MinX, b.MinY, b.MaxX, b.MaxY)
            ?? throw new GdalException($"The bounds of {path} cannot be transformed to EPSG:4326.");
        var latitude = (lonLat.MinY + lonLat.MaxY) / 2;
        var widthMetres = (lonLat.MaxX - lonLat.MinX) * MetresPerDegree * Math.Cos(latitude * Math.PI / 180);
        var pixelSize = info.Width > 0 ? widthMetres / info.Width : 0;

        var bands = new List<BandSummary>(info.Bands.Count);
        for (var band = 1; band <= info.Bands.Count; band++)
        {
            ct.ThrowIfCancellationRequested();
            var meta = info.Bands[band - 1];
            var (min, max, mean) = Statistics(dataset, band, info.Width, info.Height, meta.NoData, ct);
            bands.Add(new BandSummary(band, meta.DataTypeName, min, max, mean, meta.NoData));
        }
        return new RasterSummary(lonLat.MinX, lonLat.MinY, lonLat.MaxX, lonLat.MaxY, pixelSize, bands);
    }

    private static (double? Min, double? Max, double? Mean) Statistics(GdalDataset dataset, int band, int width, int height, double? nodata, CancellationToken ct)
    {
        var rowStep = (int)Math.Max(1, (long)width * height / ExactPixelBudget);
        var accumulator = new BandAccumulator(nodata);
        for (var row = 0; row < height; row += rowStep)
        {
            ct.ThrowIfCancellationRequested();
            accumulator.Add(dataset.Read(band, 0, row, width, 1));
        }
        return accumulator.Result();
    }
}

/// <summary>Running min/max/mean of valid pixels (not nodata, not NaN).</summary>
public sealed class BandAccumulator(double? nodata)
{
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity, _sum;
    private long _count;

    public void Add(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v) || (nodata is { } nd && v == nd))
                continue;
            if (v < _min) _min = v;
            if (v > _max) _max = v;
            _sum += v;
            _count++;
        }
    }

    public (double? Min, double? Max, double? Mean) Result() =>
        _count == 0 ? (null, null, null) : (_min, _max, _sum / _count);
}
