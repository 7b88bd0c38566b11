using System.Text.RegularExpressions;
using Geopera.Clip.Workflows;
using Temporalio.Api.History.V1;
using Temporalio.Common;
using Temporalio.Runtime;
using Temporalio.Worker;

namespace Geopera.Clip.Host.Workers;

/// <summary>The result of replaying one history with the current workflow code.</summary>
/// <param name="WorkflowId">The history's workflow id (or file name).</param>
/// <param name="EventCount">Events in the history.</param>
/// <param name="Failure">Null when the history replays; else what the SDK reported.</param>
/// <param name="BrokenAt">The first event the current code disagrees with, when it can be located.</param>
public sealed record ReplayReport(string WorkflowId, int EventCount, string? Failure, HistoryEvent? BrokenAt)
{
    public bool Ok => Failure is null;

    public string Describe() => Ok
        ? $"OK: {WorkflowId} ({EventCount} events) replays with the current code."
        : $"FAILED: {WorkflowId} does not replay with the current code.\n  {Failure}\n  " +
          (BrokenAt is { } e
              ? $"Broke at event {e.EventId} ({e.EventType}): the code's commands diverge from the history there."
              : "The event it broke at could not be located.");
}

/// <summary>
/// Replays a ClipWorkflow history and, when it fails, finds the first event the current code
/// disagrees with: a history prefix ending before that event still replays, a prefix including it
/// does not, so a binary search over prefixes finds it in a few replays (each a few milliseconds).
/// </summary>
public static partial class ReplayDiagnosis
{
    // Core logs every failed workflow task as a warning; the prefix search fails some on purpose,
    // and the report already says what failed, so this runtime logs nothing.
    private static readonly Lazy<TemporalRuntime> QuietRuntime =
        new(() => new TemporalRuntime(new TemporalRuntimeOptions(new TelemetryOptions { Logging = null })));

    public static async Task<ReplayReport> ReplayAsync(WorkflowHistory history, CancellationToken ct = default)
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Runtime = QuietRuntime.Value }.AddWorkflow<ClipWorkflow>());
        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false, ct);
        if (result.ReplayFailure is not { } failure)
            return new ReplayReport(history.Id, history.Events.Count, null, null);
        var events = history.Events.ToList();
        var brokenAt = await FirstFailingPrefixAsync(events.Count, async n =>
        {
            var prefix = new WorkflowHistory(history.Id, events.Take(n).ToList());
            var replay = await replayer.ReplayWorkflowAsync(prefix, throwOnReplayFailure: false, ct);
            return replay.ReplayFailure is null;
        });
        var located = brokenAt is { } n ? events[n - 1] : EventNamedIn(failure.Message, events);
        return new ReplayReport(history.Id, events.Count, Flatten(failure.Message), located);
    }

    /// <summary>The smallest prefix length (1…count) whose replay fails, or null when every prefix
    /// replays (the whole history failed for a reason no prefix shows).</summary>
    public static async Task<int?> FirstFailingPrefixAsync(int count, Func<int, Task<bool>> prefixReplays)
    {
        if (count == 0 || await prefixReplays(count))
            return null;
        int good = 0, bad = count; // invariant: prefix 'good' replays (0 trivially), prefix 'bad' fails
        while (bad - good > 1)
        {
            var mid = good + ((bad - good) / 2);
            if (await prefixReplays(mid))
                good = mid;
            else
                bad = mid;
        }
        return bad;
    }

    // Core names the event in most nondeterminism messages: "HistoryEvent(id: 26, …)".
    private static HistoryEvent? EventNamedIn(string message, List<HistoryEvent> events) =>
        EventId().Match(message) is { Success: true } m && long.TryParse(m.Groups[1].Value, out var id)
            ? events.FirstOrDefault(e => e.EventId == id)
            : null;

    private static string Flatten(string message) => message.ReplaceLineEndings(" ");

    [GeneratedRegex(@"HistoryEvent\(id: (\d+)")]
    private static partial Regex EventId();
}
