using Geopera.Clip.Workflows;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>How Temporal client failures reach the API: an unreachable server becomes
/// <see cref="JobRunnerUnavailableException"/> (503), a failed admission a typed rejection.</summary>
public static class TemporalCalls
{
    public static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw new JobRunnerUnavailableException($"Temporal is unreachable: {e.Message}", e);
        }
    }

    public static Task Guard(Func<Task> call) => Guard(async () => { await call(); return true; });

    /// <summary>Connection refused, DNS failure, timeout or an unavailable server — never a
    /// failure the workflow itself reported.</summary>
    public static bool IsUnreachable(Exception e) => e switch
    {
        RpcException rpc => rpc.Code is RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded,
        // The RPC (e.g. the Admit update) outlived Temporal:AdmissionTimeoutSeconds.
        RpcTimeoutOrCanceledException => true,
        // A lazy client that cannot connect fails its first call with the bridge's connection error.
        InvalidOperationException ioe => ioe.Message.Contains("connect", StringComparison.OrdinalIgnoreCase),
        TimeoutException or System.Net.Sockets.SocketException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>The rejection an admission failure carries (its ClipErrors type, message, quota details).</summary>
    public static AdmissionRejection Rejection(Exception e)
    {
        var failure = JobFailures.Describe(e);
        return new AdmissionRejection(failure.Type, failure.Message, failure.Details);
    }
}
