using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Host.Workers;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>replay FILE.json | --workflow-id ID [--run-id R]</c>: replay a ClipWorkflow
/// history with the current code. Exit 0 when it replays, 1 when it does not (printing the failure
/// and the event it broke at), 2 for usage, file or connection errors.</summary>
internal static class ReplayVerb
{
    public const string Usage = "replay FILE.json | --workflow-id ID [--run-id R]";
    public const string Summary = "replay a workflow history (exported JSON or from the server) with the current code";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var file, out var workflowId, out var runId))
        {
            Console.Error.WriteLine($"usage: {Usage}");
            return 2;
        }
        WorkflowHistory history;
        try
        {
            history = file is not null ? await LoadFileAsync(file) : await FetchAsync(workflowId!, runId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException
                                      or InvalidOperationException or RpcException or Google.Protobuf.InvalidProtocolBufferException
                                      or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"Cannot load the history: {e.Message}");
            Console.Error.WriteLine(file is not null
                ? "Export it with `temporal workflow show --workflow-id ID --output json > FILE.json` or the UI's Download button."
                : "Check the Temporal connection (Temporal:* in appsettings.json or Temporal__*, TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY / TEMPORAL_TLS_*, temporal.toml) and the workflow id.");
            return 2;
        }
        var report = await ReplayDiagnosis.ReplayAsync(history);
        Console.WriteLine(report.Describe());
        return report.Ok ? 0 : 1;
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

    private static async Task<WorkflowHistory> LoadFileAsync(string file)
    {
        var json = await File.ReadAllTextAsync(file);
        var history = WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), json);
        if (history.Events.Count == 0)
            throw new FormatException($"{file} holds no history events.");
        return history;
    }

    private static async Task<WorkflowHistory> FetchAsync(string workflowId, string? runId)
    {
        // The same connection as the service's: appsettings, Temporal__* and TEMPORAL_* / temporal.toml.
        var client = await TemporalClient.ConnectAsync(ClipTemporalConnection.ConnectOptions(TemporalSettings.FromAppSettings()));
        return await client.GetWorkflowHandle(workflowId, runId).FetchHistoryAsync();
    }
}
