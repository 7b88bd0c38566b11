namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// A virtual raster gdalwarp makes over a source (<c>-of VRT</c>): warped on the fly as it is read,
/// so making it reads no pixel. Lives in <c>/vsimem/</c> and references the source's open handle:
/// dispose it before the source.
/// </summary>
public sealed class WarpedVrt : IDisposable
{
    private readonly string _path;

    private WarpedVrt(GdalDataset dataset, string path)
    {
        Dataset = dataset;
        _path = path;
    }

    public GdalDataset Dataset { get; }

    /// <summary><c>gdalwarp -of VRT [args] source</c>; null when GDAL refuses (the reason is in the
    /// caller's <see cref="GdalErrorScope"/>).</summary>
    public static WarpedVrt? Over(GdalDataset source, IReadOnlyList<string> args)
    {
        var path = $"/vsimem/warped/{Guid.NewGuid():N}.vrt";
        using var progress = new GdalProgress(null, CancellationToken.None);
        var dataset = GdalUtilities.Warp(source, path, args, progress);
        if (dataset is null)
        {
            GdalApi.VSIUnlink(path);
            return null;
        }
        return new WarpedVrt(dataset, path);
    }

    public void Dispose()
    {
        Dataset.Dispose();
        GdalApi.VSIUnlink(_path);
    }
}
