using System.Text.Json;
using System.Text.Json.Nodes;
using Geopera.Clip.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace Geopera.Clip.Host.Workers;

/// <summary>A history ready to replay, or the one line saying why the input is not one.</summary>
public sealed record HistoryLoad(WorkflowHistory? History, string? Problem)
{
    public static HistoryLoad Refused(string problem) => new(null, problem);
}

/// <summary>
/// Reads a ClipWorkflow history in the shapes Temporal's tools export it:
/// <list type="bullet">
/// <item><c>temporal workflow show -o json</c>: <c>{"events":[…]}</c>, proto JSON with
/// <c>EVENT_TYPE_…</c> enum names and payloads as base64 <c>{metadata, data}</c>;</item>
/// <item>the UI's Download (encoded or codec-decoded): <c>{"events":[…]}</c> of the raw events, in
/// older UIs with enum names such as <c>WorkflowExecutionStarted</c> (the SDK reads both);</item>
/// <item>a bare JSON array of events, and the HTTP API's <c>{"history":{"events":[…]}}</c>.</item>
/// </list>
/// Anything else — a missing, empty or non-JSON file, the UI's "readable" download (payloads turned
/// into plain JSON, which no replayer can decode), a partial history or another workflow type — is
/// refused with one line naming the problem.
/// </summary>
public static class HistoryFile
{
    private static readonly string ClipWorkflowType =
        Temporalio.Workflows.WorkflowDefinition.Create<ClipWorkflow>().Name!;

    private const string HowToExport =
        "export it with `temporal workflow show --workflow-id ID -o json > FILE.json` or the UI's Download (encoded)";

    public static HistoryLoad Read(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path))
                return HistoryLoad.Refused($"{path} is a folder, not a history file; {HowToExport}.");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return HistoryLoad.Refused(e is FileNotFoundException or DirectoryNotFoundException
                ? $"{path}: no such file."
                : $"{path} cannot be read: {OneLine(e.Message)}");
        }
        return Parse(Path.GetFileNameWithoutExtension(path), path, text);
    }

    /// <summary>Parses <paramref name="text"/> (named <paramref name="source"/> in problems) as a
    /// ClipWorkflow history with workflow id <paramref name="id"/>.</summary>
    public static HistoryLoad Parse(string id, string source, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return HistoryLoad.Refused($"{source} is empty; {HowToExport}.");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return HistoryLoad.Refused($"{source} is not JSON ({OneLine(e.Message)}); {HowToExport}.");
        }
        if (EventsOf(root) is not { } events)
        {
            return HistoryLoad.Refused(
                $"{source} is not a workflow history: expected {{\"events\": [...]}} or an array of events; {HowToExport}.");
        }
        if (events.Count == 0)
            return HistoryLoad.Refused($"{source} holds no history events.");
        if (HasReadablePayloads(events))
        {
            return HistoryLoad.Refused(
                $"{source} has its payloads turned into plain JSON (the UI's \"readable\" download), which cannot be replayed; {HowToExport}.");
        }
        WorkflowHistory history;
        try
        {
            history = WorkflowHistory.FromJson(id, new JsonObject { ["events"] = events.DeepClone() }.ToJsonString());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The SDK's reader throws what protobuf's JSON parser and its own enum fixer throw.
            return HistoryLoad.Refused($"{source} is not a history Temporal can read: {OneLine(e.Message)}");
        }
        return Check(history, source);
    }

    /// <summary>Whether a history read elsewhere (a server) is a whole ClipWorkflow history.</summary>
    public static HistoryLoad Check(WorkflowHistory history, string source)
    {
        var first = history.Events.FirstOrDefault();
        if (first is null)
            return HistoryLoad.Refused($"{source} holds no history events.");
        if (first.EventType != EventType.WorkflowExecutionStarted)
        {
            return HistoryLoad.Refused(
                $"{source} does not begin with WorkflowExecutionStarted (its first event is {first.EventId}, {first.EventType}); export the whole history.");
        }
        var type = first.WorkflowExecutionStartedEventAttributes.WorkflowType?.Name;
        if (type != ClipWorkflowType)
            return HistoryLoad.Refused($"{source} is a history of workflow type '{type}', not {ClipWorkflowType}; replay it with the code that runs '{type}'.");
        return new HistoryLoad(history, null);
    }

    private static JsonArray? EventsOf(JsonNode? root) => root switch
    {
        JsonArray events => events,
        JsonObject o when o["events"] is JsonArray events => events,
        JsonObject o when o["history"] is JsonObject h && h["events"] is JsonArray events => events,
        _ => null,
    };

    /// <summary>The UI's "readable" download replaces each payload with
    /// <c>{metadata: {encoding: "json/plain"}, data: &lt;the decoded value&gt;}</c>
    /// (temporalio/ui src/lib/utilities/decode-payload.ts, parseRawPayloadToJSON): data is no
    /// longer a base64 string.</summary>
    private static bool HasReadablePayloads(JsonNode? node) => node switch
    {
        JsonObject o when o["payloads"] is JsonArray payloads && payloads.Any(p => p is JsonObject { } payload && payload["data"] is { } data && data.GetValueKind() != JsonValueKind.String) => true,
        JsonObject o => o.Any(member => HasReadablePayloads(member.Value)),
        JsonArray a => a.Any(HasReadablePayloads),
        _ => false,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
