using System.Text.RegularExpressions;

namespace Geopera.Clip.Activities.Raster;

/// <summary>Where a warp's outputs go: <c>clips/{job_id}/{output_name}_{mosaic_type}.tif</c> and the
/// quicklook beside it. Pure; refuses names that would escape the job's folder.</summary>
public sealed partial record WarpOutputNames(string Filename, string Key, string QuicklookKey)
{
    public static WarpOutputNames For(string jobId, string outputName, string mosaicType)
    {
        foreach (var (what, value) in new[] { ("job id", jobId), ("output name", outputName), ("mosaic type", mosaicType) })
            if (!SafeName().IsMatch(value))
                throw new ClipFailure(Geopera.Clip.Workflows.Contracts.ClipErrors.InvalidRequest, $"The {what} '{value}' is not a safe file name (letters, digits, '.', '_', '-'; no leading dot).", false);
        var stem = $"{outputName}_{mosaicType}";
        return new WarpOutputNames(stem + ".tif", $"clips/{jobId}/{stem}.tif", $"clips/{jobId}/{stem}.png");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,199}$")]
    private static partial Regex SafeName();
}
