using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster;

/// <summary>Renders the quicklook PNG of a clip output. Synchronous: run it on the warp's thread.</summary>
public static class QuicklookRenderer
{
    /// <summary>Writes <paramref name="pngPath"/> from the COG at <paramref name="cogPath"/>. Throws
    /// only <see cref="ClipFailure"/> or <see cref="OperationCanceledException"/>.</summary>
    public static void Render(string cogPath, string pngPath, int maxSize, CancellationToken cancellation)
    {
        using var errors = new GdalErrorScope();
        try
        {
            RenderWithin(errors, cogPath, pngPath, maxSize, cancellation);
        }
        catch (Exception e) when (e is not ClipFailure and not OperationCanceledException)
        {
            File.Delete(pngPath);
            throw GdalFailureClassifier.Unexpected($"Rendering the quicklook of {cogPath} failed", e, errors.Errors);
        }
    }

    private static void RenderWithin(GdalErrorScope errors, string cogPath, string pngPath, int maxSize, CancellationToken cancellation)
    {
        using var source = GdalDataset.Open(cogPath)
            ?? throw GdalFailureClassifier.Classify($"Cannot open {cogPath} for its quicklook", errors.Errors);
        // Approximate statistics read the overviews: cheap, and exact enough for a display stretch.
        var args = QuicklookPlan.Build(source.Info(), band => Statistics(source, band), maxSize);
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

    // A band with no valid pixel at all (every pixel masked) has no statistics: show it black.
    private static BandStatistics Statistics(GdalDataset source, int band)
    {
        try
        {
            return source.ComputeStatistics(band, approximate: true);
        }
        catch (GdalException)
        {
            return new BandStatistics(0, 0, 0, 0);
        }
    }
}
