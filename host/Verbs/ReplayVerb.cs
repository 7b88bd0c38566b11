using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Host.Workers;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>replay FILE.json | --workflow-id ID [--run-id R]</c>: replay a ClipWorkflow
/// history with the current code. Exit 0 when it replays, 1 when it does not (printing the failure
/// and the event it broke at), 2 when there is no ClipWorkflow history to replay (usage, a file
/// that is not one — <see cref="HistoryFile"/> —, connection errors), always as one line.</summary>
internal static class ReplayVerb
{
    public const string Usage = "replay FILE.json | --workflow-id ID [--run-id R]";
    public const string Summary = "replay a workflow history (exported JSON or from the server) with the current code";

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var file, out var workflowId, out var runId))
        {
            await error.WriteLineAsync($"usage: {Usage}");
            return 2;
        }
        var load = file is not null ? HistoryFile.Read(file) : await FetchAsync(workflowId!, runId);
        if (load.History is not { } history)
        {
            await error.WriteLineAsync(load.Problem);
            return 2;
        }
        try
        {
            var report = await ReplayDiagnosis.ReplayAsync(history);
            await output.WriteLineAsync(report.Describe());
            return report.Ok ? 0 : 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The replayer refused the history itself (not a verdict on the code): say so in one line.
            await error.WriteLineAsync($"{file ?? workflowId} could not be replayed as a ClipWorkflow history: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    internal static bool TryParse(string[] args, out string? file, out string? workflowId, out string? runId)
    {
        file = workflowId = runId = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--workflow-id" when i + 1 < args.Length && workflowId is null:
                    workflowId = args[++i];
                    break;
                case "--run-id" when i + 1 < args.Length && runId is null:
                    runId = args[++i];
                    break;
                case var arg when !arg.StartsWith("--", StringComparison.Ordinal) && file is null:
                    file = arg;
                    break;
                default:
                    return false;
            }
        }
        // Exactly one source; a run id only with a workflow id.
        return (file is null) != (workflowId is null) && (runId is null || workflowId is not null);
    }

    private static async Task<HistoryLoad> FetchAsync(string workflowId, string? runId)
    {
        WorkflowHistory history;
        try
        {
            // The same connection as the service's: appsettings, Temporal__* and TEMPORAL_* / temporal.toml.
            var client = await TemporalClient.ConnectAsync(ClipTemporalConnection.ConnectOptions(TemporalSettings.FromAppSettings()));
            history = await client.GetWorkflowHandle(workflowId, runId).FetchHistoryAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException or TemporalException)
        {
            return HistoryLoad.Refused(
                $"Cannot fetch the history of {workflowId}: {e.Message.ReplaceLineEndings(" ")}. Check the Temporal connection " +
                "(Temporal:* in appsettings.json or Temporal__*, TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY / TEMPORAL_TLS_*, temporal.toml) and the workflow id.");
        }
        return HistoryFile.Check(history, workflowId);
    }
}
