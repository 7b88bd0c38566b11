using Geopera.Clip.Workflows;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>How Temporal client failures reach the API: an unreachable or silent server becomes
/// <see cref="JobRunnerUnavailableException"/> (503), a failed admission a typed rejection.</summary>
public static class TemporalCalls
{
    /// <summary>Runs <paramref name="call"/>. A deadline that fired while <paramref name="caller"/>
    /// (the HTTP request) was still waiting counts as unreachable: the server or its workers did not
    /// answer in time. A call cut short because the caller left is a cancellation.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, CancellationToken caller)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (caller.IsCancellationRequested && (IsDeadline(e) || e is RpcTimeoutOrCanceledException))
        {
            // The caller left: not Temporal's fault, and nobody is waiting for a 503.
            throw new OperationCanceledException("The request was aborted while Temporal was called.", e, caller);
        }
        catch (Exception e) when (IsUnreachable(e) || IsDeadline(e))
        {
            throw new JobRunnerUnavailableException($"Temporal is unreachable or did not answer in time: {e.Message}", e);
        }
    }

    public static Task GuardAsync(Func<Task> call, CancellationToken caller) =>
        GuardAsync(async () => { await call(); return true; }, caller);

    /// <summary>Connection refused, DNS failure, timeout, an unavailable or overloaded server —
    /// never a failure the workflow itself reported. ResourceExhausted is the server's "later"
    /// (namespace rate limit, too many in-flight updates on one workflow), so a retry fits.</summary>
    public static bool IsUnreachable(Exception e) => e switch
    {
        RpcException rpc => rpc.Code is RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded
            or RpcException.StatusCode.ResourceExhausted,
        // The RPC (e.g. the Admit update) outlived its deadline (Temporal:AdmissionTimeoutSeconds).
        RpcTimeoutOrCanceledException => true,
        // A lazy client that cannot connect fails its first call with an InvalidOperationException
        // carrying sdk-core's ClientInitError text (strings of the 1.21.1 native library).
        InvalidOperationException ioe => IsConnectionFailure(ioe.Message),
        TimeoutException or System.Net.Sockets.SocketException or HttpRequestException => true,
        _ => false,
    };

    private static bool IsConnectionFailure(string message) =>
        message.StartsWith("Connection failed:", StringComparison.Ordinal)
        || message.StartsWith("Server connection error:", StringComparison.Ordinal)
        || message.Contains("tcp connect error", StringComparison.Ordinal)
        || message.Contains("dns error", StringComparison.Ordinal);

    /// <summary>The key's workflow closed before it answered this admission: RejectDuplicate
    /// refused to start it again (older servers), it closed before taking the update (older servers
    /// answer NOT_FOUND "workflow execution already completed"), or it closed after accepting it
    /// (newer servers fail the update with type AcceptedUpdateCompletedWorkflow; temporalio/temporal
    /// service/history/workflow/update/abort_reason.go). Each is answered from the closed run's outcome.</summary>
    public static bool ClosedBeforeAnswering(Exception e) => e switch
    {
        WorkflowAlreadyStartedException => true,
        RpcException { Code: RpcException.StatusCode.NotFound } => true,
        WorkflowUpdateFailedException { InnerException: ApplicationFailureException { ErrorType: AcceptedUpdateCompletedWorkflow } } => true,
        _ => false,
    };

    /// <summary>The server's failure type for an accepted update whose workflow closed first.</summary>
    public const string AcceptedUpdateCompletedWorkflow = "AcceptedUpdateCompletedWorkflow";

    /// <summary>The search attribute a start was refused for: the server answers INVALID_ARGUMENT
    /// "Namespace NS has no mapping defined for search attribute NAME" (temporalio/temporal
    /// common/searchattribute/mapper.go), which the SDK unwraps from the update-with-start's
    /// MultiOperationExecutionFailure (sdk-dotnet src/Temporalio/Client/TemporalClient.Workflow.cs).</summary>
    public static string? MissingSearchAttribute(RpcException e)
    {
        const string marker = "has no mapping defined for search attribute ";
        if (e.Code != RpcException.StatusCode.InvalidArgument)
            return null;
        var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : e.Message[(at + marker.Length)..].Trim();
    }

    // A plain RPC whose cancellation token fired (our deadline, or the caller leaving).
    private static bool IsDeadline(Exception e) =>
        e is OperationCanceledException || e is RpcException { Code: RpcException.StatusCode.Cancelled };

    /// <summary>The rejection an admission failure carries (its ClipErrors type, message, quota details).
    /// A closed workflow's <see cref="WorkflowFailedException"/> is unwrapped first, so a workflow
    /// cancelled before admission reads as <c>Cancelled</c> like the update would have said.</summary>
    public static AdmissionRejection Rejection(Exception e)
    {
        var cause = e is WorkflowFailedException { InnerException: { } inner } ? inner : e;
        var failure = JobFailures.Describe(cause);
        return new AdmissionRejection(failure.Type, failure.Message, failure.Details);
    }
}
