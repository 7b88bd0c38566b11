using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Problems;

/// <summary>The catalogue of problems the op API answers with, one factory per stable code.</summary>
public static class ProblemCatalog
{
    public static ApiProblem InvalidRequest(IReadOnlyList<FieldError> errors) => new(
        "invalid-request", 400, "The request body is invalid",
        errors.Count == 1
            ? $"Field '{errors[0].Field}': {errors[0].Message}"
            : $"{errors.Count} fields are invalid: " + string.Join("; ", errors.Select(e => $"'{e.Field}': {e.Message}")),
        new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>Valid JSON whose string escapes name half of a UTF-16 pair: no text to read.</summary>
    public static ApiProblem UndecodableString(string field) => InvalidRequest(
        [new FieldError(field, "holds a lone UTF-16 surrogate escape (such as \\ud800 without its pair); send valid Unicode text")]);

    public static ApiProblem MalformedJson(string detail) => new(
        "malformed-json", 400, "The request body is not valid JSON",
        $"{detail} Send a single JSON object.");

    public static ApiProblem InvalidAoi(string code, string message) => new(
        "invalid-aoi", 400, "The AOI geometry is invalid", message,
        new Dictionary<string, object?> { ["code"] = code, ["errors"] = new[] { new FieldError("aoi_geometry", message) } });

    /// <summary>The request resolved to more raster assets than one job clips (<c>DataPlatform:MaxAssetsPerJob</c>).</summary>
    public static ApiProblem TooManyAssets(string detail, long assets, long limit) => new(
        "too-many-assets", 400, "Too many assets for one job", detail,
        new Dictionary<string, object?> { ["assets"] = assets, ["limit"] = limit });

    public static ApiProblem IdempotencyKeyMissing() => new(
        "idempotency-key-required", 400, "Idempotency-Key header required",
        "This operation spends credits: send an Idempotency-Key header (1-255 characters of A-Z a-z 0-9 . _ : -), and reuse it when you retry.");

    public static ApiProblem IdempotencyKeyInvalid() => new(
        "idempotency-key-invalid", 400, "Idempotency-Key header is invalid",
        "An Idempotency-Key is 1-255 characters of A-Z a-z 0-9 . _ : - (a UUID works well).");

    public static ApiProblem IdempotencyKeyReused() => new(
        "idempotency-key-reused", 422, "Idempotency-Key reused with another request", ClipErrors.IdempotencyConflictMessage);

    public static ApiProblem Unauthenticated(string detail) => new(
        "unauthenticated", 401, "Authentication required", detail)
    {
        Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer realm=\"geopera\"" },
    };

    public static ApiProblem MissingScope(string operationId, string scope) => new(
        "insufficient-scope", 403, "The API key lacks the required scope",
        $"Operation '{operationId}' requires the '{scope}' scope; ask an organization admin for a key that has it.",
        new Dictionary<string, object?> { ["required_scope"] = scope });

    public static ApiProblem OrganizationMismatch() => new(
        "forbidden-organization", 403, "Not your organization",
        "organization_id must be the organization of your API key.");

    public static ApiProblem UnknownOperation(string operationId) => new(
        "unknown-operation", 404, "Unknown operation",
        $"There is no operation '{Truncate(operationId)}'. The clip operations are listed at /docs.");

    public static ApiProblem NotFound(string detail) => new("not-found", 404, "Not found", detail);

    public static ApiProblem JobNotFound(string jobId) => new(
        "job-not-found", 404, "Job not found", $"No clip job '{jobId}' exists in your organization.");

    public static ApiProblem MethodNotAllowed(string method) => new(
        "method-not-allowed", 405, "Method not allowed",
        $"Operations are invoked with POST /v1/op/{{operation_id}}, not {Truncate(method)}.")
    {
        Headers = new Dictionary<string, string> { ["Allow"] = "POST" },
    };

    public static ApiProblem UnsupportedMediaType() => new(
        "unsupported-media-type", 415, "Unsupported media type",
        "Send the request body as Content-Type: application/json.");

    public static ApiProblem BodyTooLarge(long limit) => new(
        "body-too-large", 413, "Request body too large",
        $"Request bodies are limited to {limit} bytes; simplify the AOI geometry.",
        new Dictionary<string, object?> { ["limit"] = limit });

    /// <summary>The job's state goes in <c>job_status</c>: RFC 9457's <c>status</c> is the HTTP status.</summary>
    public static ApiProblem JobNotCompleted(string jobId, string jobStatus) => new(
        "job-not-completed", 400, "The job is not completed",
        $"Job '{jobId}' is {jobStatus}; its outputs are available once its status is completed. Poll clip.job.get.",
        new Dictionary<string, object?> { ["job_status"] = jobStatus });

    public static ApiProblem RangeNotSatisfiable(long size) => new(
        "range-not-satisfiable", 416, "Range not satisfiable",
        $"The requested byte range lies outside the file of {size} bytes.")
    {
        Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes */{size}" },
    };

    public static ApiProblem EgressThrottled(string detail, int retryAfterSeconds) => new(
        "egress-throttled", 429, "Too many downloads", detail) { RetryAfterSeconds = retryAfterSeconds };

    public static ApiProblem StorageFault(int retryAfterSeconds) => new(
        "storage-unavailable", 503, "Storage temporarily unavailable",
        "Reading the file from storage failed; retry after the Retry-After delay.")
    { RetryAfterSeconds = retryAfterSeconds };

    public static ApiProblem StorageCircuitOpen(int retryAfterSeconds) => new(
        "downloads-paused", 429, "Downloads are paused",
        "Storage reads are failing, so downloads are paused briefly; retry after the Retry-After delay.")
    { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>The job scheduler did not answer. A create may still have been admitted (update-with-start
    /// can start the job after the API's deadline), so the detail says how to learn the outcome safely.</summary>
    public static ApiProblem BackendUnavailable(int retryAfterSeconds, bool creating, RunnerUnavailability why) => new(
        "service-unavailable", 503, "Service temporarily unavailable", (creating, why) switch
        {
            (_, RunnerUnavailability.NotPrepared) =>
                "The job scheduler is not set up for clip jobs yet; nothing was started or reserved. Retry after the Retry-After delay.",
            (true, _) =>
                "The job scheduler could not be reached or did not answer in time, so the job may or may not have been admitted. " +
                "Send the same request with the same Idempotency-Key after the Retry-After delay to learn its outcome; a retry never reserves credits twice.",
            _ => "The job scheduler could not be reached or did not answer in time. Retry after the Retry-After delay.",
        })
    { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>PostgreSQL is down, starting up or did not answer within the request's database
    /// deadline. Nothing the call would have written was written (each write is one statement or
    /// one transaction), so the same request can simply be sent again.</summary>
    public static ApiProblem DatabaseUnavailable(int retryAfterSeconds) => new(
        "service-unavailable", 503, "Service temporarily unavailable",
        "The service's database did not answer in time; nothing was changed. Retry after the Retry-After delay.")
    { RetryAfterSeconds = retryAfterSeconds };

    public static ApiProblem Internal() => new(
        "internal-error", 500, "Internal error",
        "An unexpected error occurred. Retry later; quote the trace_id when contacting support.");

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
