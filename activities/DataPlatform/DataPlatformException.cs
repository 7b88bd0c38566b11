using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>
/// A request the data platform refuses: the error type is one of <see cref="ClipErrors"/>, the
/// message says what to change, and nothing was written. Infrastructure faults (the database is
/// unreachable) are never this type, so activity retries still cover them.
/// </summary>
public sealed class DataPlatformException(string errorType, string message, IReadOnlyDictionary<string, long>? details = null)
    : Exception(message)
{
    public string ErrorType { get; } = errorType;

    /// <summary>Numbers for the caller, e.g. <c>used</c>, <c>limit</c>, <c>requested</c> on quota errors.</summary>
    public IReadOnlyDictionary<string, long>? Details { get; } = details;

    public static DataPlatformException NotFound(string message) => new(ClipErrors.NotFound, message);
    public static DataPlatformException Forbidden(string message) => new(ClipErrors.Forbidden, message);
    public static DataPlatformException Invalid(string message) => new(ClipErrors.InvalidRequest, message);

    /// <summary>The Temporal failure for this refusal: non-retryable (retrying cannot change the
    /// answer), with <see cref="Details"/> as the single detail so the workflow and API can read
    /// used/limit back.</summary>
    public ApplicationFailureException ToApplicationFailure() =>
        new(Message, this, ErrorType, nonRetryable: true, details: Details is null ? null : [Details]);
}
