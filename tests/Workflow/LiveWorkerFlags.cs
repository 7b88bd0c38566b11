using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>Which of the SDK flags a live Temporalio 1.21.1 worker stamps on a workflow's first
/// task completion (<see cref="HistoryBuilder.LiveWorkerFlags"/>) a history lacks. A history without
/// them replays on code paths production never runs (no activity id/type checks without core flag 1;
/// the legacy event loop without lang flag 2).</summary>
public static class LiveWorkerFlags
{
    public static IReadOnlyList<string> Missing(WorkflowHistory history)
    {
        var first = history.Events.FirstOrDefault(e => e.EventType == EventType.WorkflowTaskCompleted);
        if (first is null)
            return ["no WorkflowTaskCompleted event"];
        var metadata = first.WorkflowTaskCompletedEventAttributes.SdkMetadata;
        return
        [
            .. HistoryBuilder.LiveWorkerFlags.CoreUsedFlags.Except(metadata?.CoreUsedFlags ?? []).Select(f => $"core flag {f}"),
            .. HistoryBuilder.LiveWorkerFlags.LangUsedFlags.Except(metadata?.LangUsedFlags ?? []).Select(f => $"lang flag {f}"),
        ];
    }

    /// <summary>The same history as a worker without the modern event loop would have recorded it
    /// (lang flag 2 removed), to show that the flag changes what replay checks.</summary>
    public static WorkflowHistory WithoutModernEventLoop(WorkflowHistory history)
    {
        var events = history.Events.Select(e => e.Clone()).ToList();
        foreach (var e in events.Where(e => e.EventType == EventType.WorkflowTaskCompleted))
            e.WorkflowTaskCompletedEventAttributes.SdkMetadata?.LangUsedFlags.Clear();
        return new WorkflowHistory(history.Id, events);
    }
}
