using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;
using Temporalio.Converters;
using Temporalio.Worker;
using Temporalio.Worker.Interceptors;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// Gives a built history the activity inputs and headers a live worker records. The builder writes
/// ActivityTaskScheduled without them (replay does not compare them: sdk-core
/// <c>activity_state_machine.rs</c>, <c>on_activity_task_scheduled</c>, checks only the activity id
/// and type), but a server copies each ScheduleActivityTask command's input and header into the
/// event (temporalio/temporal <c>service/history/workflow/mutable_state_impl.go</c>,
/// <c>AddActivityTaskScheduledEvent</c>), so they count in the history's size. The real workflow
/// code replays the history once under <see cref="ActivityCommandCapture"/>; what it sent for each
/// activity goes into that activity's event.
/// </summary>
internal static class RecordedActivityInputs
{
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;

    /// <param name="history">The history to replay; its activity commands are recorded into it.</param>
    /// <param name="others">Interceptors the replay runs with; activity commands are recorded as they
    /// leave them (the service's <c>JobContextInterceptor</c> adds the trace headers).</param>
    /// <param name="reshape">Rewrites an activity's argument before it is recorded (e.g. the shape an
    /// older workflow sent).</param>
    public static async Task<WorkflowHistory> FillAsync(
        WorkflowHistory history, IEnumerable<IWorkerInterceptor>? others = null, Func<object?, object?>? reshape = null)
    {
        var capture = new ActivityCommandCapture();
        // Outbound calls pass the interceptors last to first, so the capture listed first sees what the others added.
        var options = TestReplayer.Options([capture, .. others ?? []]);
        await new WorkflowReplayer(options).ReplayWorkflowAsync(history, throwOnReplayFailure: true, TestContext.Current.CancellationToken);

        var events = history.Events.Select(e => e.Clone()).ToList();
        var scheduled = events.Where(e => e.EventType == EventType.ActivityTaskScheduled).Select(e => e.ActivityTaskScheduledEventAttributes).ToList();
        Assert.Equal(scheduled.Count, capture.All.Count);
        foreach (var (attributes, command) in scheduled.Zip(capture.All))
        {
            Assert.Equal(attributes.ActivityType.Name, command.Activity);
            attributes.Input = new Payloads { Payloads_ = { Converter.ToPayload(reshape is null ? command.Argument : reshape(command.Argument)) } };
            if (command.Headers is { Count: > 0 } headers)
                attributes.Header = new Header { Fields = { headers } };
        }
        return new WorkflowHistory(history.Id, events);
    }
}
