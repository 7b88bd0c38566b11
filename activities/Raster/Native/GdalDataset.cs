namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// An open GDAL dataset. Calls report failures through the caller's <see cref="GdalErrorScope"/>;
/// this class only turns a NULL handle or a failing return code into an exception.
/// Not thread-safe: one dataset handle belongs to one thread at a time.
/// </summary>
public sealed unsafe class GdalDataset : IDisposable
{
    private const uint OpenRaster = 0x02, OpenVerboseError = 0x40;
    private const int PerDatasetMaskFlag = 0x02; // GMF_PER_DATASET alone: a mask band, neither alpha nor nodata

    private readonly DatasetHandle _handle;

    internal GdalDataset(nint handle) => _handle = new DatasetHandle(handle);

    /// <summary>The raw handle for GDAL calls; valid until <see cref="Dispose"/>.</summary>
    internal nint Handle => _handle.IsClosed ? 0 : _handle.DangerousGetHandle();

    /// <summary>Opens read-only. Null when GDAL cannot open it (the reason is in the caller's error scope).</summary>
    public static GdalDataset? Open(string path)
    {
        GdalRuntime.EnsureInitialized();
        // Without VERBOSE_ERROR GDALOpenEx fails silently and the caller cannot say why.
        var flags = OpenRaster | OpenVerboseError; // read-only, never shared: each caller owns its handle
        var handle = GdalApi.GDALOpenEx(path, flags, 0, 0, 0);
        return handle == 0 ? null : new GdalDataset(handle);
    }

    public int Width => GdalApi.GDALGetRasterXSize(Handle);
    public int Height => GdalApi.GDALGetRasterYSize(Handle);
    public int BandCount => GdalApi.GDALGetRasterCount(Handle);

    public RasterInfo Info()
    {
        var bands = new List<BandInfo>();
        for (var b = 1; b <= BandCount; b++) bands.Add(Band(b));
        var gt = new double[6];
        bool hasTransform;
        fixed (double* p = gt) hasTransform = GdalApi.GDALGetGeoTransform(Handle, p) == 0;
        var wkt = GdalApi.Utf8(GdalApi.GDALGetProjectionRef(Handle));
        return new RasterInfo(
            GdalApi.Utf8(GdalApi.GDALGetDriverShortName(GdalApi.GDALGetDatasetDriver(Handle))) ?? "",
            Width, Height, bands,
            string.IsNullOrEmpty(wkt) ? null : wkt,
            hasTransform ? gt : null,
            GdalApi.Utf8(GdalApi.GDALGetMetadataItem(Handle, "LAYOUT", "IMAGE_STRUCTURE")),
            GdalApi.Utf8(GdalApi.GDALGetMetadataItem(Handle, "COMPRESSION", "IMAGE_STRUCTURE")),
            bands.Count > 0 && GdalApi.GDALGetMaskFlags(BandHandle(1)) == PerDatasetMaskFlag,
            GdalApi.GDALGetGCPCount(Handle),
            GdalApi.Utf8(GdalApi.GDALGetGCPProjection(Handle)) is { Length: > 0 } gcpWkt ? gcpWkt : null,
            GdalApi.GDALGetMetadata(Handle, "RPC") != 0,
            double.TryParse(GdalApi.Utf8(GdalApi.GDALGetMetadataItem(Handle, "HEIGHT_OFF", "RPC")), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var heightOffset) ? heightOffset : null);
    }

    private BandInfo Band(int index)
    {
        var band = BandHandle(index);
        var type = GdalApi.GDALGetRasterDataType(band);
        var interp = GdalApi.GDALGetRasterColorInterpretation(band);
        int hasNoData, bx, by;
        var noData = GdalApi.GDALGetRasterNoDataValue(band, &hasNoData);
        GdalApi.GDALGetBlockSize(band, &bx, &by);
        return new BandInfo((GdalDataType)type, GdalApi.Utf8(GdalApi.GDALGetDataTypeName(type)) ?? "Unknown",
            Enum.IsDefined((GdalColorInterp)interp) ? (GdalColorInterp)interp : GdalColorInterp.Undefined,
            GdalApi.Utf8(GdalApi.GDALGetColorInterpretationName(interp)) ?? "Undefined",
            hasNoData != 0 ? noData : null, GdalApi.GDALGetOverviewCount(band), bx, by);
    }

    /// <summary>Statistics of one band (1-based); approximate ones may use overviews.</summary>
    public BandStatistics ComputeStatistics(int band, bool approximate)
    {
        double min, max, mean, std;
        var rc = GdalApi.GDALComputeRasterStatistics(BandHandle(band), approximate ? 1 : 0, &min, &max, &mean, &std, null, 0);
        if (rc != 0) throw new GdalException($"Statistics of band {band} failed.");
        return new BandStatistics(min, max, mean, std);
    }

    /// <summary>Reads a window of one band (1-based) as doubles, row by row.</summary>
    public double[] Read(int band, int x, int y, int width, int height)
    {
        var buffer = new double[width * height];
        fixed (double* p = buffer)
            if (GdalApi.GDALRasterIO(BandHandle(band), 0, x, y, width, height, p, width, height, (int)GdalDataType.Float64, 0, 0) != 0)
                throw new GdalException($"Reading band {band} window ({x},{y},{width}×{height}) failed.");
        return buffer;
    }

    /// <summary>Writes a window of one band (1-based) from doubles (converted to the band type).</summary>
    public void Write(int band, int x, int y, int width, int height, double[] values)
    {
        fixed (double* p = values)
            if (GdalApi.GDALRasterIO(BandHandle(band), 1, x, y, width, height, p, width, height, (int)GdalDataType.Float64, 0, 0) != 0)
                throw new GdalException($"Writing band {band} window failed.");
    }

    /// <summary>Adds a per-dataset mask band (tests build masked sources with it).</summary>
    public void CreateDatasetMask()
    {
        if (GdalApi.GDALCreateDatasetMaskBand(Handle, PerDatasetMaskFlag) != 0) throw new GdalException("Creating a mask band failed.");
    }

    /// <summary>Writes the whole per-dataset mask (0 = masked, 255 = valid), row by row.</summary>
    public void WriteMask(double[] values)
    {
        fixed (double* p = values)
            if (GdalApi.GDALRasterIO(GdalApi.GDALGetMaskBand(BandHandle(1)), 1, 0, 0, Width, Height, p, Width, Height, (int)GdalDataType.Float64, 0, 0) != 0)
                throw new GdalException("Writing the mask failed.");
    }

    public void SetMetadataItem(string name, string value, string? domain = null)
    {
        if (GdalApi.GDALSetMetadataItem(Handle, name, value, domain) != 0) throw new GdalException($"Setting metadata {name} failed.");
    }

    public void SetGeoTransform(double[] transform)
    {
        fixed (double* p = transform)
            if (GdalApi.GDALSetGeoTransform(Handle, p) != 0) throw new GdalException("Setting the geotransform failed.");
    }

    public void SetProjection(string wkt)
    {
        if (GdalApi.GDALSetProjection(Handle, wkt) != 0) throw new GdalException("Setting the projection failed.");
    }

    public void SetNoData(int band, double value)
    {
        if (GdalApi.GDALSetRasterNoDataValue(BandHandle(band), value) != 0) throw new GdalException($"Setting band {band}'s nodata value failed.");
    }

    public void SetColorInterp(int band, GdalColorInterp interp)
    {
        if (GdalApi.GDALSetRasterColorInterpretation(BandHandle(band), (int)interp) != 0) throw new GdalException($"Setting band {band}'s colour interpretation failed.");
    }

    private nint BandHandle(int index)
    {
        var band = GdalApi.GDALGetRasterBand(Handle, index);
        return band != 0 ? band : throw new ArgumentOutOfRangeException(nameof(index), index, "No such band.");
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>A GDAL call failed; the details are in the caller's <see cref="GdalErrorScope"/>.</summary>
public sealed class GdalException(string message) : Exception(message);
