using System.Text.RegularExpressions;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Decides whether a GDAL failure is the raster's fault (non-retryable
/// <see cref="ClipErrors.InvalidRaster"/>: garbage, truncated, unsupported) or the environment's
/// (retryable <see cref="ClipErrors.RasterReadFailed"/>: network, server errors, memory, disk).
/// </summary>
public static partial class GdalFailureClassifier
{
    public static ClipFailure Classify(string what, IReadOnlyList<GdalError> errors)
    {
        var detail = errors.Count == 0 ? "GDAL gave no reason" : string.Join(" | ", errors.Select(e => e.Message.TrimEnd('.', ' ')).Distinct());
        return errors.Any(IsTransient)
            ? ClipFailure.ReadFailed($"{what}: {detail}. This looks transient (network, storage or memory); the attempt will be retried.")
            : ClipFailure.InvalidRaster($"{what}: {detail}. The source raster is unreadable or unsupported; check the asset (gdalinfo) and re-upload it.");
    }

    /// <summary>An exception no step turned into a <see cref="ClipFailure"/> (a GDAL call that failed
    /// outside the warp itself, a geometry the topology code could not handle): still a typed failure,
    /// with GDAL's messages when it gave some. Memory exhaustion is transient, anything else is not.</summary>
    public static ClipFailure Unexpected(string what, Exception e, IReadOnlyList<GdalError> errors)
    {
        if (e is OutOfMemoryException)
            return ClipFailure.ReadFailed($"{what}: out of memory ({e.Message}). The attempt will be retried.");
        return Classify($"{what} ({e.Message.TrimEnd('.', ' ')})",
            errors.Count > 0 ? errors : [new GdalError(GdalErrorClass.Failure, 0, $"{e.GetType().Name}: {e.Message}")]);
    }

    private static bool IsTransient(GdalError error) =>
        error.Number == GdalError.OutOfMemory
        || (error.Number == GdalError.HttpResponse && !PermanentHttp().IsMatch(error.Message))
        || TransientText().IsMatch(error.Message);

    // 4xx other than 408/429 means the reference or its permissions are wrong: retrying won't help.
    [GeneratedRegex(@"HTTP (response )?code:? ?4(0[0-7]|09|[1-9]\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PermanentHttp();

    [GeneratedRegex(@"HTTP (response )?code:? ?(5\d\d|408|429)|curl error|couldn't connect|could not resolve|timed? ?out|connection (reset|refused)|no space left|out of memory|cannot allocate",
        RegexOptions.IgnoreCase)]
    private static partial Regex TransientText();
}
