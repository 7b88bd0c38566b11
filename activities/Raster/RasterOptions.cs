namespace Geopera.Clip.Activities.Raster;

/// <summary>Configuration of the clip engine (section <c>Raster</c>).</summary>
public sealed class RasterOptions
{
    public const string Section = "Raster";

    /// <summary>Folders local asset paths may be read from. Empty: no local paths.</summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    /// <summary>Where warps write before upload; each attempt gets its own sub-folder. Null: the system temp folder.</summary>
    public string? TempDirectory { get; set; }

    /// <summary>GDAL block cache shared by all warps, in MiB.</summary>
    public int CacheMaxMb { get; set; } = 256;

    /// <summary>Freed native memory kept for the next warp rather than returned to the system, in MiB
    /// (saves re-faulting GDAL's buffers on every warp; the process stays near its peak size); 0 = off.</summary>
    public int NativeHeapKeepMb { get; set; } = 256;

    /// <summary>GCS XML endpoint for /vsigs/ (an emulator in development); null = Google.</summary>
    public string? GcsEndpoint { get; set; }

    /// <summary>Read gs:// sources without credentials (emulators, public buckets).</summary>
    public bool GcsNoSignRequest { get; set; }

    /// <summary>Long side of quicklook PNGs, in pixels.</summary>
    public int QuicklookMaxSize { get; set; } = 512;

    public string EffectiveTempDirectory => TempDirectory ?? Path.Combine(Path.GetTempPath(), "geopera-clip");
}
