using System.Collections.Concurrent;
using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster.Admission;

/// <summary>
/// Raster headers as admission reads them: GDAL opens the source (for a COG, its first 16 KB with a
/// range read) and describes it without reading a pixel. Kept per (href, version of the object
/// behind it), so admitting many jobs on the same asset reads its header once, and a replaced
/// object is read again.
/// </summary>
public sealed class RasterHeaders(SourceVersions versions)
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<(string Href, string Version), RasterInfo> _cache = new();
    private long _reads;

    /// <summary>Headers read from their source so far (not from the cache).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>The header of <paramref name="href"/>, read at <paramref name="gdalPath"/>; throws
    /// <see cref="ClipFailure"/> when GDAL cannot read it (retryable when the fault looks transient).</summary>
    public async Task<RasterInfo> ReadAsync(string href, string gdalPath, CancellationToken ct)
    {
        var version = await versions.OfAsync(href, ct).ConfigureAwait(false);
        if (version is not null && _cache.TryGetValue((href, version), out var cached)) return cached;
        // GDAL's error state is per thread: the open and its error scope stay on this one.
        var info = await Task.Run(() => Read(gdalPath), ct).ConfigureAwait(false);
        if (version is null) return info;
        if (_cache.Count >= Capacity) _cache.Clear(); // crude bound; replaced objects leave stale keys behind
        _cache[(href, version)] = info;
        return info;
    }

    private RasterInfo Read(string gdalPath)
    {
        Interlocked.Increment(ref _reads);
        using var errors = new GdalErrorScope();
        try
        {
            using var source = GdalDataset.Open(gdalPath)
                ?? throw GdalFailureClassifier.Classify($"Cannot open the source raster {gdalPath}", errors.Errors);
            return source.Info();
        }
        catch (Exception e) when (e is not ClipFailure)
        {
            throw GdalFailureClassifier.Unexpected($"Reading the header of {gdalPath} failed", e, errors.Errors);
        }
    }
}
