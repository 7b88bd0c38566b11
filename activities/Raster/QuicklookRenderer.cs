using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster;

/// <summary>Renders the quicklook PNG of a clip output. Synchronous: run it on the warp's thread.</summary>
public static class QuicklookRenderer
{
    /// <summary>Writes <paramref name="pngPath"/> from the COG at <paramref name="cogPath"/>.</summary>
    public static void Render(string cogPath, string pngPath, int maxSize, CancellationToken cancellation)
    {
        using var errors = new GdalErrorScope();
        using var source = GdalDataset.Open(cogPath)
            ?? throw GdalFailureClassifier.Classify($"Cannot open {cogPath} for its quicklook", errors.Errors);
        // Approximate statistics read the overviews: cheap, and exact enough for a display stretch.
        var args = QuicklookPlan.Build(source.Info(), band => source.ComputeStatistics(band, approximate: true), maxSize);
        using var progress = new GdalProgress(null, cancellation);
        using var png = GdalUtilities.Translate(source, pngPath, args, progress);
        if (png is null)
        {
            File.Delete(pngPath);
            cancellation.ThrowIfCancellationRequested();
            throw GdalFailureClassifier.Classify($"Rendering the quicklook of {cogPath} failed", errors.Errors);
        }
        // Statistics and georeferencing land in .aux.xml side-cars; only the PNG is published.
        png.Dispose();
        File.Delete(pngPath + ".aux.xml");
        File.Delete(cogPath + ".aux.xml");
    }
}
