using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>The built histories carry a live worker's flags, and the flags matter: without lang
/// flag 2 the SDK replays on its legacy event loop and the same history takes another path.</summary>
public sealed class LiveWorkerFlagsTests
{
    [Fact]
    public void Only_the_first_task_completion_carries_flags_name_and_version()
    {
        var completions = ClipHistories.OneAsset().Events
            .Where(e => e.EventType == EventType.WorkflowTaskCompleted)
            .Select(e => e.WorkflowTaskCompletedEventAttributes.SdkMetadata).ToList();
        Assert.Equal([1u, 2u, 3u], completions[0].CoreUsedFlags);
        Assert.Equal([2u], completions[0].LangUsedFlags);
        Assert.Equal(("temporal-dotnet", "1.21.1"), (completions[0].SdkName, completions[0].SdkVersion));
        Assert.All(completions.Skip(1), m => Assert.Equal(new Temporalio.Api.Sdk.V1.WorkflowTaskCompletedMetadata(), m));
    }

    [Fact]
    public void Every_built_path_has_the_flags() =>
        Assert.All(ClipHistories.All(), path => Assert.Empty(LiveWorkerFlags.Missing(path.History)));

    [Fact]
    public void A_history_without_the_modern_event_loop_flag_is_reported() =>
        Assert.Equal(["lang flag 2"], LiveWorkerFlags.Missing(LiveWorkerFlags.WithoutModernEventLoop(ClipHistories.OneAsset())));

    [Fact]
    public void A_history_without_any_flags_is_reported()
    {
        var history = ClipHistories.OneAsset();
        var events = history.Events.Select(e => e.Clone()).ToList();
        events.First(e => e.EventType == EventType.WorkflowTaskCompleted).WorkflowTaskCompletedEventAttributes.SdkMetadata = null;
        Assert.Equal(["core flag 1", "core flag 2", "core flag 3", "lang flag 2"],
            LiveWorkerFlags.Missing(new Temporalio.Common.WorkflowHistory(history.Id, events)));
    }

    /// <summary>A cancel delivered with the reservation's result: the modern loop applies both
    /// before the workflow continues (cancelled, reservation released); the legacy loop runs the
    /// workflow after each job, so it admits first and the recorded history no longer matches.</summary>
    [Fact]
    public async Task The_same_history_replays_differently_on_the_legacy_event_loop()
    {
        var history = ClipHistories.CancelledWithTheReservationsResult();
        await ClipReplayTests.Replayer().ReplayWorkflowAsync(history, throwOnReplayFailure: true, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<WorkflowNondeterminismException>(() =>
            ClipReplayTests.Replayer().ReplayWorkflowAsync(LiveWorkerFlags.WithoutModernEventLoop(history), throwOnReplayFailure: true, TestContext.Current.CancellationToken));
    }
}
