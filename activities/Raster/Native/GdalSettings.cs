namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// GDAL configuration chosen at start-up. The defaults are tuned for reading windows of remote
/// COGs: no directory listing per open, ranged reads merged, a shared block cache.
/// </summary>
public sealed record GdalSettings
{
    /// <summary>GDAL block cache shared by all warps in the process (GDAL_CACHEMAX), in MiB.</summary>
    public int CacheMaxMb { get; init; } = 256;

    /// <summary>Freed native memory the C allocator keeps for the next warp instead of returning it
    /// to the system (see <see cref="NativeHeap"/>), in MiB; 0 = the allocator's defaults.</summary>
    public int NativeHeapKeepMb { get; init; } = 256;

    /// <summary>Endpoint of the GCS XML API for <c>/vsigs/</c> (an emulator in development); null = Google.</summary>
    public string? GcsEndpoint { get; init; }

    /// <summary>Read <c>/vsigs/</c> without credentials (public buckets, emulators).</summary>
    public bool GcsNoSignRequest { get; init; }

    /// <summary>Extra options that override the defaults (key → value).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ConfigOptions()
    {
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // Without it every remote open probes and lists the "directory" (~42 extra requests measured).
            ["GDAL_DISABLE_READDIR_ON_OPEN"] = "EMPTY_DIR",
            ["CPL_VSIL_CURL_ALLOWED_EXTENSIONS"] = ".tif,.tiff,.TIF,.TIFF,.vrt",
            ["GDAL_HTTP_MULTIRANGE"] = "YES",
            ["GDAL_HTTP_MERGE_CONSECUTIVE_RANGES"] = "YES",
            ["GDAL_HTTP_MAX_RETRY"] = "3",
            ["GDAL_HTTP_RETRY_DELAY"] = "0.5",
            ["GDAL_HTTP_TIMEOUT"] = "60",
            ["VSI_CACHE"] = "TRUE",
            ["VSI_CACHE_SIZE"] = (64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GDAL_CACHEMAX"] = CacheMaxMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GDAL_NUM_THREADS"] = "ALL_CPUS",
            // The cutline arrives already densified (AoiProjector.Densify: <= 0.005 deg edges, whose chords
            // stray centimetres at most). GDAL's default densifies it again to one vertex per source pixel
            // of perimeter, and its rasterizer scans every edge for every row of every warp chunk: 40% of a
            // 2400x1500 clip's time. GDAL still densifies when the reprojected cutline would be invalid.
            ["GDALWARP_DENSIFY_CUTLINE"] = "ONLY_IF_INVALID",
            // A GeoTIFF whose GeoKeys name an EPSG code but define other parameters (another latitude
            // of origin, say) is read by default with the keys' parameters and the code kept: the COG
            // writer then writes the code alone and the output's CRS becomes the registry's. GEOKEYS
            // reads the keys' CRS and drops the code only when the two differ.
            ["GTIFF_SRS_SOURCE"] = "GEOKEYS",
        };
        if (GcsEndpoint is not null) options["CPL_GS_ENDPOINT"] = GcsEndpoint;
        if (GcsNoSignRequest) options["GS_NO_SIGN_REQUEST"] = "YES";
        foreach (var (key, value) in Extra) options[key] = value;
        return options;
    }
}
