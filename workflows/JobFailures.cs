using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;

namespace Geopera.Clip.Workflows;

/// <summary>Turns what an activity (or the workflow's cancellation) threw into the job's failure
/// record and the admission error the API maps to a status code.</summary>
public static class JobFailures
{
    public const string CancelledType = "Cancelled";
    public const string TimeoutType = "Timeout";
    public const string InternalType = "Internal";

    public static readonly JobFailure Cancelled = new(CancelledType, "The job was cancelled.");

    public static bool IsCancellation(Exception e) => TemporalException.IsCanceledException(e);

    /// <summary>True when admission was refused for a reason the caller must fix (400/402/403):
    /// nothing was reserved, so there is nothing to compensate.</summary>
    public static bool IsAdmissionRejection(Exception e) =>
        ClipErrors.NonRetryableAdmission.Contains(Describe(e).Type);

    /// <summary>What went wrong, from the outermost Temporal failure that says so. A timeout is
    /// labelled as one even though the server attaches the last attempt's error as its cause
    /// (that error becomes the detail), so "timed out while storage was down" never reads as a
    /// plain storage error.</summary>
    public static JobFailure Describe(Exception e)
    {
        if (IsCancellation(e))
            return Cancelled;
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is TimeoutFailureException timeout)
                return new JobFailure(TimeoutType, TimeoutMessage(timeout));
            if (current is ApplicationFailureException app)
                return new JobFailure(app.ErrorType ?? InternalType, app.Message, CountDetails(app));
        }
        return new JobFailure(InternalType, e.Message);
    }

    private static string TimeoutMessage(TimeoutFailureException timeout)
    {
        var what = $"Timed out ({timeout.TimeoutType} timeout) after its retries";
        return timeout.InnerException switch
        {
            ApplicationFailureException last => $"{what}; the last attempt's error: {last.ErrorType ?? InternalType}: {last.Message}",
            { } last => $"{what}; the last attempt's error: {last.Message}",
            null => $"{what}.",
        };
    }

    /// <summary>The failure the workflow (and the Admit update) reports: the job failure's type and
    /// message, non-retryable, with its numbers as one details entry (quota: used/limit/requested;
    /// too many assets: assets/limit).</summary>
    public static ApplicationFailureException ToApplicationFailure(JobFailure failure, Exception? cause) =>
        new(failure.Message, cause, failure.Type, nonRetryable: true,
            details: failure.Details is null ? null : [failure.Details]);

    // Refusals with numbers (ClipErrors.WithCounts) carry one object of name → count; quota may
    // also come as three numbers in the order used, limit, requested. Anything else is left out
    // rather than guessed.
    private static IReadOnlyDictionary<string, long>? CountDetails(ApplicationFailureException app)
    {
        if (app.ErrorType is not { } type || !ClipErrors.WithCounts.Contains(type) || app.Details.Count == 0)
            return null;
        try
        {
            if (type == ClipErrors.QuotaExceeded && app.Details.Count >= 3)
            {
                return new Dictionary<string, long>
                {
                    ["used"] = app.Details.ElementAt<long>(0),
                    ["limit"] = app.Details.ElementAt<long>(1),
                    ["requested"] = app.Details.ElementAt<long>(2),
                };
            }
            var map = app.Details.ElementAt<Dictionary<string, long>>(0);
            return map.ToDictionary(kv => kv.Key.ToLowerInvariant(), kv => kv.Value);
        }
        catch (Exception decode) when (decode is InvalidCastException or InvalidOperationException or ArgumentException
                                           or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
