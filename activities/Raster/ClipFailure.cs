using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// A clip failed for a reason with a stable <see cref="Code"/> (one of <see cref="ClipErrors"/>).
/// <see cref="Retryable"/> is true only for faults another attempt may not hit (I/O, network).
/// </summary>
public sealed class ClipFailure(string code, string message, bool retryable) : Exception(message)
{
    public string Code { get; } = code;
    public bool Retryable { get; } = retryable;

    public static ClipFailure InvalidRaster(string message) => new(ClipErrors.InvalidRaster, message, false);
    public static ClipFailure InvalidAoi(string message) => new(ClipErrors.InvalidAoi, message, false);
    public static ClipFailure ReadFailed(string message) => new(ClipErrors.RasterReadFailed, message, true);
}
