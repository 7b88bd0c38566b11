using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>How Temporal client failures become 503s and typed admission rejections.</summary>
public sealed class TemporalCallsTests
{
    [Fact]
    public void Unreachable_servers_are_told_apart_from_failures_the_workflow_reported()
    {
        Assert.True(TemporalCalls.IsUnreachable(new RpcException(RpcException.StatusCode.Unavailable, "down", null)));
        Assert.True(TemporalCalls.IsUnreachable(new RpcException(RpcException.StatusCode.DeadlineExceeded, "slow", null)));
        Assert.True(TemporalCalls.IsUnreachable(new RpcException(RpcException.StatusCode.ResourceExhausted, "namespace rate limit exceeded", null)));
        Assert.True(TemporalCalls.IsUnreachable(new RpcTimeoutOrCanceledException("timed out", null)));
        Assert.True(TemporalCalls.IsUnreachable(new InvalidOperationException("Connection failed: Server connection error: tcp connect error")));
        Assert.False(TemporalCalls.IsUnreachable(new RpcException(RpcException.StatusCode.NotFound, "gone", null)));
        Assert.False(TemporalCalls.IsUnreachable(new ApplicationFailureException("no", ClipErrors.Forbidden, nonRetryable: true)));
        Assert.False(TemporalCalls.IsUnreachable(new InvalidOperationException("Sequence contains no elements")));
        // A product message that merely mentions connecting is not the bridge's connection failure.
        Assert.False(TemporalCalls.IsUnreachable(new InvalidOperationException("The workflow could not connect the job to its organization")));
        Assert.True(TemporalCalls.IsUnreachable(new InvalidOperationException("Server connection error: dns error: failed to lookup address information")));
    }

    [Theory]
    // Each of sdk-core's ClientInitError texts on its own (1.21.1 native library).
    [InlineData("Connection failed: transport error")]
    [InlineData("Server connection error: invalid URI")]
    [InlineData("client error (Connect): tcp connect error: Connection refused (os error 111)")]
    [InlineData("client error (Connect): dns error: failed to lookup address information")]
    public void Each_connection_failure_text_of_the_bridge_is_unreachable(string message) =>
        Assert.True(TemporalCalls.IsUnreachable(new InvalidOperationException(message)));

    [Fact]
    public void The_missing_search_attribute_is_read_from_the_servers_refusal()
    {
        Assert.Equal("ClipOrganizationId", TemporalCalls.MissingSearchAttribute(new RpcException(RpcException.StatusCode.InvalidArgument,
            "Namespace default has no mapping defined for search attribute ClipOrganizationId ", null)));
        // The marker at the very start of the message.
        Assert.Equal("ClipJobId", TemporalCalls.MissingSearchAttribute(new RpcException(RpcException.StatusCode.InvalidArgument,
            "has no mapping defined for search attribute ClipJobId", null)));
        Assert.Null(TemporalCalls.MissingSearchAttribute(new RpcException(RpcException.StatusCode.InvalidArgument, "WorkflowId is not set on request.", null)));
        Assert.Null(TemporalCalls.MissingSearchAttribute(new RpcException(RpcException.StatusCode.Internal,
            "Namespace default has no mapping defined for search attribute ClipJobId", null)));
    }

    [Fact]
    public async Task Guard_turns_an_unreachable_server_into_JobRunnerUnavailable_and_lets_others_through()
    {
        var unavailable = await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            TemporalCalls.GuardAsync(() => Task.FromException<int>(new RpcException(RpcException.StatusCode.Unavailable, "down", null)), TestContext.Current.CancellationToken));
        Assert.Equal("Temporal is unreachable or did not answer in time: down", unavailable.Message);
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            TemporalCalls.GuardAsync(() => Task.FromException(new System.Net.Sockets.SocketException()), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            TemporalCalls.GuardAsync(() => Task.FromException(new TimeoutException()), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            TemporalCalls.GuardAsync(() => Task.FromException(new HttpRequestException()), TestContext.Current.CancellationToken));
        var ran = false;
        await TemporalCalls.GuardAsync(() => { ran = true; return Task.CompletedTask; }, TestContext.Current.CancellationToken);
        Assert.True(ran);
        await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            TemporalCalls.GuardAsync(() => Task.FromException<int>(new ApplicationFailureException("no", ClipErrors.Forbidden)), TestContext.Current.CancellationToken));
        Assert.Equal(7, await TemporalCalls.GuardAsync(() => Task.FromResult(7), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_deadline_is_unavailable_but_a_caller_who_left_is_a_cancellation()
    {
        var timedOut = new WorkflowUpdateRpcTimeoutOrCanceledException(new OperationCanceledException());
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            TemporalCalls.GuardAsync(() => Task.FromException<int>(timedOut), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            TemporalCalls.GuardAsync(() => Task.FromException<int>(new TaskCanceledException()), TestContext.Current.CancellationToken));

        using var left = new CancellationTokenSource();
        await left.CancelAsync();
        var e = await Assert.ThrowsAsync<OperationCanceledException>(() => TemporalCalls.GuardAsync(() => Task.FromException<int>(timedOut), left.Token));
        Assert.Equal(left.Token, e.CancellationToken);
        Assert.Equal("The request was aborted while Temporal was called.", e.Message);
        Assert.Same(timedOut, e.InnerException);
    }

    [Fact]
    public void A_failed_Admit_update_becomes_the_typed_rejection_with_quota_numbers()
    {
        var quota = new Dictionary<string, long> { ["used"] = 900, ["limit"] = 1000, ["requested"] = 200 };
        var failure = new WorkflowUpdateFailedException(
            new ApplicationFailureException("Quota exceeded.", ClipErrors.QuotaExceeded, nonRetryable: true, details: [quota]));
        var rejection = TemporalCalls.Rejection(failure);
        Assert.Equal(ClipErrors.QuotaExceeded, rejection.ErrorType);
        Assert.Equal("Quota exceeded.", rejection.Message);
        Assert.Equal(quota, rejection.Details);

        var conflict = TemporalCalls.Rejection(new WorkflowUpdateFailedException(
            new ApplicationFailureException("other body", ClipErrors.IdempotencyConflict, nonRetryable: true)));
        Assert.Equal(422, RejectionProblems.For(conflict).Status);
    }
}
