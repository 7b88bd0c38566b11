using System.CommandLine;
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
    public static Command Command()
    {
        var file = new Argument<FileInfo?>("FILE.json")
        {
            Description = "An exported history (temporal workflow show -o json, the UI's Download, the HTTP API's {history}), relative to the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        VerbOptions.RefuseOptionsAsPaths(file);
        var workflowId = new Option<string>("--workflow-id") { Description = "Fetch the history of this workflow (clip-<job id>) from the Temporal server instead.", HelpName = "ID" };
        var runId = new Option<string>("--run-id") { Description = "With --workflow-id: this run instead of the latest.", HelpName = "R" };
        var command = new Command("replay", "Replay a ClipWorkflow history (an exported file or fetched from the server) with the current code.")
        {
            file,
            workflowId,
            runId,
        };
        command.Validators.Add(result =>
        {
            // Exactly one source; a run id only with a workflow id. Presence, not values: a value that
            // failed to parse has its own error already.
            var (hasFile, hasWorkflow) = (result.GetResult(file) is { Tokens.Count: > 0 }, result.GetResult(workflowId) is not null);
            if (hasFile == hasWorkflow)
                result.AddError("Give either FILE.json or --workflow-id ID, not both or neither.");
            else if (result.GetResult(runId) is not null && !hasWorkflow)
                result.AddError("--run-id goes with --workflow-id.");
        });
        command.SetAction((parse, _) => RunAsync(
            parse.GetValue(file), parse.GetValue(workflowId), parse.GetValue(runId),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? workflowId, string? runId, TextWriter output, TextWriter error)
    {
        var load = file is not null ? HistoryFile.Read(file.FullName) : await FetchAsync(workflowId!, runId);
        if (load.History is not { } history)
        {
            await error.WriteLineAsync(load.Problem);
            return HostVerbs.UsageExit;
        }
        try
        {
            var report = await ReplayDiagnosis.ReplayAsync(history);
            await output.WriteLineAsync(report.Describe());
            return report.Ok ? 0 : HostVerbs.FailureExit;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The replayer refused the history itself (not a verdict on the code): say so in one line.
            await error.WriteLineAsync($"{file?.FullName ?? workflowId} could not be replayed as a ClipWorkflow history: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return HostVerbs.UsageExit;
        }
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
