using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>Maps an admission rejection to the problem the caller sees (spec: 400/402/403/422).</summary>
public static class RejectionProblems
{
    public static ApiProblem For(AdmissionRejection rejection) => rejection.ErrorType switch
    {
        ClipErrors.NoRasterAssets => new("no-raster-assets", 400, "No raster assets to clip", rejection.Message),
        ClipErrors.NoStorageBucket => new("no-storage-bucket", 400, "The project has no storage bucket", rejection.Message),
        ClipErrors.NotFound => new("unknown-reference", 400, "A referenced item, area or project does not exist", rejection.Message),
        ClipErrors.InvalidRequest => new("invalid-request", 400, "The request body is invalid", rejection.Message),
        ClipErrors.InvalidAoi or ClipErrors.AoiOutsideRaster => new("invalid-aoi", 400, "The AOI geometry is invalid", rejection.Message,
            new Dictionary<string, object?> { ["code"] = rejection.ErrorType }),
        ClipErrors.InvalidRaster => new("invalid-raster", 400, "An asset's raster cannot be clipped", rejection.Message),
        ClipErrors.Forbidden => new("forbidden-resource", 403, "Not owned by your organization", rejection.Message),
        ClipErrors.QuotaExceeded => QuotaExceeded(rejection),
        ClipErrors.TooManyAssets => ProblemCatalog.TooManyAssets(rejection.Message,
            rejection.Details?.GetValueOrDefault("assets") ?? 0, rejection.Details?.GetValueOrDefault("limit") ?? 0),
        ClipErrors.IdempotencyConflict => ProblemCatalog.IdempotencyKeyReused(),
        // The caller deleted (cancelled) the job before it was admitted; the key stays bound to that.
        JobFailures.CancelledType => new("job-cancelled", 409, "The job of this Idempotency-Key was cancelled",
            "The job was cancelled before it was admitted; nothing was reserved. Send the request again with a new Idempotency-Key."),
        // Cancelled, timed out or failed before admission decided: not the caller's doing, and the
        // key stays bound to this outcome.
        _ => new("admission-failed", 500, "The job could not be admitted",
            $"Admission stopped ({rejection.ErrorType}) before it decided; nothing was reserved. Retry with a new Idempotency-Key."),
    };

    private static ApiProblem QuotaExceeded(AdmissionRejection rejection)
    {
        var details = rejection.Details ?? new Dictionary<string, long>();
        var used = details.GetValueOrDefault("used");
        var limit = details.GetValueOrDefault("limit");
        var requested = details.GetValueOrDefault("requested");
        return new ApiProblem("quota-exceeded", 402, "Compute quota exceeded",
            $"This clip needs {requested} compute units but {used} of your {limit} are used. Clip a smaller AOI or fewer assets, or raise the quota.",
            new Dictionary<string, object?> { ["used"] = used, ["limit"] = limit, ["requested"] = requested });
    }
}
