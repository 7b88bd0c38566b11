using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Converters;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class JobFailuresTests
{
    private static ApplicationFailureException App(string type, params object?[] details) =>
        new("refused", type, nonRetryable: true, details: details);

    // What arrives from another process: details as payloads, decoded by the default converter.
    private static ApplicationFailureException Inbound(string type, params object?[] details)
    {
        var payloads = details.Select(d => DataConverter.Default.PayloadConverter.ToPayload(d)).ToList();
        var failure = new Temporalio.Api.Failure.V1.Failure
        {
            Message = "refused",
            ApplicationFailureInfo = new() { Type = type, NonRetryable = true, Details = new() { Payloads_ = { payloads } } },
        };
        return (ApplicationFailureException)DataConverter.Default.FailureConverter.ToException(failure, DataConverter.Default.PayloadConverter);
    }

    [Theory]
    [InlineData(ClipErrors.NoRasterAssets, true)]
    [InlineData(ClipErrors.NoStorageBucket, true)]
    [InlineData(ClipErrors.NotFound, true)]
    [InlineData(ClipErrors.Forbidden, true)]
    [InlineData(ClipErrors.QuotaExceeded, true)]
    [InlineData(ClipErrors.InvalidRequest, true)]
    [InlineData(ClipErrors.TooManyAssets, true)]
    [InlineData(ClipErrors.StorageUnavailable, false)]
    [InlineData(ClipErrors.InvalidRaster, true)] // refused from the header at admission; at the warp stage CompensationPlan fails the job instead
    [InlineData(ClipErrors.AoiOutsideRaster, true)]
    [InlineData(ClipErrors.InvalidAoi, true)]
    [InlineData(ClipErrors.RasterReadFailed, false)]
    public void Admission_rejections_are_the_request_errors(string type, bool rejection) =>
        Assert.Equal(rejection, JobFailures.IsAdmissionRejection(new InvalidOperationException("wrapped", App(type))));

    [Fact]
    public void Describes_the_innermost_application_failure() =>
        Assert.Equal(new JobFailure(ClipErrors.Forbidden, "refused"),
            JobFailures.Describe(new InvalidOperationException("outer", App(ClipErrors.Forbidden))));

    [Fact]
    public void Cancellation_is_cancelled()
    {
        Assert.True(JobFailures.IsCancellation(new OperationCanceledException()));
        Assert.Equal(JobFailures.Cancelled, JobFailures.Describe(new TaskCanceledException()));
    }

    [Fact]
    public void Anything_else_is_internal() =>
        Assert.Equal(JobFailures.InternalType, JobFailures.Describe(new InvalidOperationException("boom")).Type);

    [Fact]
    public void Asset_count_and_cap_from_their_details_object()
    {
        var described = JobFailures.Describe(Inbound(ClipErrors.TooManyAssets, new Dictionary<string, long> { ["assets"] = 65, ["limit"] = 64 }));
        Assert.Equal(new Dictionary<string, long> { ["assets"] = 65, ["limit"] = 64 }, described.Details);
    }

    [Fact]
    public void Numbers_of_other_refusals_are_not_read() =>
        Assert.Null(JobFailures.Describe(Inbound(ClipErrors.NotFound, new Dictionary<string, long> { ["assets"] = 1 })).Details);

    [Fact]
    public void Quota_numbers_from_three_details()
    {
        var described = JobFailures.Describe(Inbound(ClipErrors.QuotaExceeded, 9_000L, 10_000L, 2_400L));
        Assert.Equal(new Dictionary<string, long> { ["used"] = 9_000, ["limit"] = 10_000, ["requested"] = 2_400 }, described.Details);
    }

    [Fact]
    public void Quota_numbers_from_one_object_whatever_the_case()
    {
        var described = JobFailures.Describe(Inbound(ClipErrors.QuotaExceeded, new { Used = 9L, Limit = 10L, Requested = 3L }));
        Assert.Equal(new Dictionary<string, long> { ["used"] = 9, ["limit"] = 10, ["requested"] = 3 }, described.Details);
    }

    [Fact]
    public void Undecodable_quota_details_are_left_out() =>
        Assert.Null(JobFailures.Describe(Inbound(ClipErrors.QuotaExceeded, "no numbers here")).Details);

    [Fact]
    public void Other_failures_carry_no_details() =>
        Assert.Null(JobFailures.Describe(Inbound(ClipErrors.Forbidden, 1L, 2L, 3L)).Details);

    [Fact]
    public void Application_failure_keeps_type_and_details()
    {
        var details = new Dictionary<string, long> { ["used"] = 1, ["limit"] = 2, ["requested"] = 3 };
        var e = JobFailures.ToApplicationFailure(new JobFailure(ClipErrors.QuotaExceeded, "over quota", details), null);
        Assert.Equal((ClipErrors.QuotaExceeded, "over quota", true), (e.ErrorType, e.Message, e.NonRetryable));
        Assert.Equal(details, e.Details.ElementAt<IReadOnlyDictionary<string, long>>(0));
        Assert.Equal(0, JobFailures.ToApplicationFailure(new JobFailure("X", "y"), null).Details.Count);
    }

    // What the workflow receives when the server times an activity out for good: an activity
    // failure whose cause is the server's TimeoutFailure, whose cause is the last attempt's error.
    private static Exception TimedOut(Temporalio.Api.Failure.V1.Failure? lastAttempt, Temporalio.Api.Enums.V1.TimeoutType type)
    {
        var failure = new Temporalio.Api.Failure.V1.Failure
        {
            Message = "Activity task timed out",
            ActivityFailureInfo = new() { ActivityType = new() { Name = "Warp" }, ActivityId = "4", RetryState = Temporalio.Api.Enums.V1.RetryState.MaximumAttemptsReached },
            Cause = HistoryBuilder.TimeoutFailure(type, lastAttempt),
        };
        return DataConverter.Default.FailureConverter.ToException(failure, DataConverter.Default.PayloadConverter);
    }

    [Fact]
    public void A_timeout_is_labelled_timeout_with_the_last_attempts_error_as_detail() =>
        Assert.Equal(
            new JobFailure(JobFailures.TimeoutType,
                "Timed out (Heartbeat timeout) after its retries; the last attempt's error: StorageUnavailable: upload to gs://geopera-proj-42 failed: 503"),
            JobFailures.Describe(TimedOut(ClipHistories.StorageDown, Temporalio.Api.Enums.V1.TimeoutType.Heartbeat)));

    [Fact]
    public void A_timeout_of_a_first_attempt_has_no_earlier_error() =>
        Assert.Equal(new JobFailure(JobFailures.TimeoutType, "Timed out (StartToClose timeout) after its retries."),
            JobFailures.Describe(TimedOut(null, Temporalio.Api.Enums.V1.TimeoutType.StartToClose)));

    [Fact]
    public void A_timeout_is_not_an_admission_rejection_even_when_the_last_error_was()
    {
        var timedOut = TimedOut(HistoryBuilder.ApplicationFailure(ClipErrors.NotFound, "item gone", nonRetryable: false),
            Temporalio.Api.Enums.V1.TimeoutType.StartToClose);
        Assert.Equal(JobFailures.TimeoutType, JobFailures.Describe(timedOut).Type);
        Assert.False(JobFailures.IsAdmissionRejection(timedOut));
    }
}
