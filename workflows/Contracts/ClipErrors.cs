namespace Geopera.Clip.Workflows.Contracts;

/// <summary>
/// Stable error types carried by <c>ApplicationFailureException.ErrorType</c> from activities
/// to the workflow and from the workflow to the API. The API maps them to problem types and
/// status codes; the workflow's retry policies name the non-retryable ones.
/// </summary>
public static class ClipErrors
{
    // Admission (resolve-assets / reserve-credits): non-retryable, reported to the caller.
    public const string NoRasterAssets = "NoRasterAssets";       // 400
    public const string NoStorageBucket = "NoStorageBucket";     // 400
    public const string NotFound = "NotFound";                   // 400: unknown item, area or project
    public const string Forbidden = "Forbidden";                 // 403
    public const string QuotaExceeded = "QuotaExceeded";         // 402, details: used, limit, requested
    public const string InvalidRequest = "InvalidRequest";       // 400
    public const string TooManyAssets = "TooManyAssets";         // 400, details: assets, limit (JobLimits)
    public const string IdempotencyConflict = "IdempotencyConflict"; // 422: same key, another body

    /// <summary>What the caller is told when an Idempotency-Key is reused for another request: by the
    /// workflow's Admit validator, by the API's gateway and idempotency store, and in the 422 problem.</summary>
    public const string IdempotencyConflictMessage =
        "This Idempotency-Key was already used for a different request body or operation. Use a new key for a new request.";

    // Warp: non-retryable raster/AOI problems.
    public const string InvalidRaster = "InvalidRaster";
    public const string AoiOutsideRaster = "AoiOutsideRaster";
    public const string InvalidAoi = "InvalidAoi";
    public const string WarpCancelled = "WarpCancelled";
    /// <summary>No job row holds the warp's AOI: the warp role reads another database than the worker role.</summary>
    public const string JobRowMissing = "JobRowMissing";

    // Retryable faults (named so logs and the UI agree on them).
    public const string StorageUnavailable = "StorageUnavailable";
    public const string DatabaseUnavailable = "DatabaseUnavailable";
    public const string RasterReadFailed = "RasterReadFailed";

    /// <summary>Admission's refusals. The raster ones come from resolve-assets reading each asset's
    /// header through the warp's own pre-checks (an AOI outside the raster or under a pixel, a raster
    /// the engine refuses); a warp failing with them later is a failed job, not a rejection.</summary>
    public static readonly IReadOnlyList<string> NonRetryableAdmission =
        [NoRasterAssets, NoStorageBucket, NotFound, Forbidden, QuotaExceeded, InvalidRequest, TooManyAssets, InvalidRaster, AoiOutsideRaster, InvalidAoi];

    /// <summary>Refusals whose numbers travel as one details entry (name → count) to the API's problem.</summary>
    public static readonly IReadOnlyList<string> WithCounts = [QuotaExceeded, TooManyAssets];

    public static readonly IReadOnlyList<string> NonRetryableWarp =
        [InvalidRaster, AoiOutsideRaster, InvalidAoi, WarpCancelled];
}
