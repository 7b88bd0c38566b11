using System.Text.RegularExpressions;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>Rewrites a history's JSON from the proto spelling (<c>EVENT_TYPE_WORKFLOW_TASK_STARTED</c>)
/// to the one older Temporal UI exports use (<c>WorkflowTaskStarted</c>, <c>Normal</c>).</summary>
public static partial class UiExportSpelling
{
    private static readonly (string Prefix, string Field)[] Enums =
    [
        ("EVENT_TYPE_", "eventType"), ("TASK_QUEUE_KIND_", "kind"), ("RETRY_STATE_", "retryState"),
    ];

    public static string From(string protoJson)
    {
        var json = protoJson;
        foreach (var (prefix, field) in Enums)
        {
            json = Regex.Replace(json, $"\"{field}\":\\s*\"{prefix}([A-Z_]+)\"",
                m => $"\"{field}\": \"{Pascal(m.Groups[1].Value)}\"");
        }
        return json;
    }

    private static string Pascal(string screaming) =>
        string.Concat(screaming.Split('_').Select(w => w[..1] + w[1..].ToLowerInvariant()));
}
