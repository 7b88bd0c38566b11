using System.Net;
using Google;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Turns what the Google client throws into the store's typed errors: missing → not found,
/// transient (5xx, 408, 429, network, I/O, timeouts) → retryable <see cref="StorageUnavailableException"/>.
/// Anything else (400, 401, 403, 412) is a caller or configuration fault and passes through unchanged.
/// </summary>
public static class GcsErrors
{
    public static Exception Translate(Exception error, string bucket, string key, CancellationToken ct) => error switch
    {
        GoogleApiException { HttpStatusCode: HttpStatusCode.NotFound } api when IsMissingBucket(api) =>
            Unavailable(bucket, key, "HTTP 404 for the bucket itself (deleted, renamed or misconfigured)", error),
        GoogleApiException { HttpStatusCode: HttpStatusCode.NotFound } => new ObjectNotFoundException(bucket, key),
        GoogleApiException api when IsTransient(api.HttpStatusCode) => Unavailable(bucket, key, $"HTTP {(int)api.HttpStatusCode}", error),
        HttpRequestException or IOException => Unavailable(bucket, key, error.GetType().Name, error),
        OperationCanceledException when !ct.IsCancellationRequested => Unavailable(bucket, key, "a timeout", error),
        _ => error,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>A 404 about the bucket rather than the object: the JSON API says "The specified
    /// bucket does not exist." (cloud.google.com/storage/docs/json_api/v1/status-codes, 404).</summary>
    public static bool IsMissingBucket(GoogleApiException error) =>
        (error.Error?.Message ?? error.Message).Contains("bucket does not exist", StringComparison.OrdinalIgnoreCase);

    public static bool IsNotFound(Exception error) => error is GoogleApiException { HttpStatusCode: HttpStatusCode.NotFound };

    private static StorageUnavailableException Unavailable(string bucket, string key, string cause, Exception inner) =>
        new($"Google Cloud Storage failed on '{key}' in bucket '{bucket}' with {cause}; the operation can be retried. ({inner.Message})", inner);
}
