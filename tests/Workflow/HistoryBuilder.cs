using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Common;
using Temporalio.Converters;
using UpdateV1 = Temporalio.Api.Update.V1;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// Builds a workflow history event by event, the way a Temporal server records it, so replay tests
/// can run the real workflow code without a server. Event ids and activity ids are assigned in
/// order; every workflow task completion carries the SDK flags a real server records ({1,2,3}),
/// without which core does not check activity types and ids (see notes/temporal-offline.md).
/// </summary>
public sealed class HistoryBuilder
{
    private static readonly uint[] CoreUsedFlags = [1, 2, 3];
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;

    private readonly List<HistoryEvent> events = [];
    private readonly string taskQueue;
    private DateTime clock = new(2026, 11, 25, 19, 0, 0, DateTimeKind.Utc);
    private int nextActivityId = 1;
    private long lastWorkflowTaskCompleted;

    public HistoryBuilder(string workflowType, string taskQueue, params object?[] args)
    {
        this.taskQueue = taskQueue;
        Add(EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new()
        {
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Input = Payloads(args),
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            OriginalExecutionRunId = RunId,
            FirstExecutionRunId = RunId,
            Attempt = 1,
            Identity = "api@geopera-clip",
        });
    }

    public const string RunId = "5a1c4a52-7a43-4c8e-9d51-3f7e6a0c9b11";

    /// <summary>Id of the last event added.</summary>
    public long LastEventId => events.Count;

    /// <summary>WorkflowTaskScheduled, Started and Completed: the worker ran the workflow once.</summary>
    public HistoryBuilder WorkflowTask()
    {
        var scheduled = Add(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        var started = Add(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = "worker@geopera-clip",
            RequestId = $"request-{events.Count + 1}",
        });
        lastWorkflowTaskCompleted = Add(EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Identity = "worker@geopera-clip",
            SdkMetadata = new WorkflowTaskCompletedMetadata { CoreUsedFlags = { CoreUsedFlags }, SdkName = "temporal-dotnet", SdkVersion = "1.21.1" },
        });
        return this;
    }

    /// <summary>Update accepted in the last workflow task; returns the accepted event's id.</summary>
    public long UpdateAccepted(string updateId, string updateName, params object?[] args) =>
        Add(EventType.WorkflowExecutionUpdateAccepted, e => e.WorkflowExecutionUpdateAcceptedEventAttributes = new()
        {
            ProtocolInstanceId = updateId,
            AcceptedRequestMessageId = $"{updateId}/request",
            AcceptedRequestSequencingEventId = lastWorkflowTaskCompleted - 2,
            AcceptedRequest = new UpdateV1.Request
            {
                Meta = new UpdateV1.Meta { UpdateId = updateId, Identity = "api@geopera-clip" },
                Input = new UpdateV1.Input { Name = updateName, Args = Payloads(args) },
            },
        });

    public HistoryBuilder UpdateCompleted(long acceptedEventId, string updateId, object? result) =>
        UpdateOutcome(acceptedEventId, updateId, new UpdateV1.Outcome { Success = Payloads([result]) });

    public HistoryBuilder UpdateFailed(long acceptedEventId, string updateId, string errorType, string message) =>
        UpdateOutcome(acceptedEventId, updateId, new UpdateV1.Outcome { Failure = ApplicationFailure(errorType, message) });

    /// <summary>Schedules an activity in the last workflow task; returns its scheduled event id.</summary>
    public long ActivityScheduled(string activityType, string? activityTaskQueue = null)
    {
        var activityId = nextActivityId++;
        return Add(EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new()
        {
            ActivityId = activityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ActivityType = new ActivityType { Name = activityType },
            TaskQueue = new TaskQueue { Name = activityTaskQueue ?? taskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            ScheduleToCloseTimeout = Duration.FromTimeSpan(TimeSpan.Zero),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
    }

    public long ActivityStarted(long scheduledEventId) =>
        Add(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            Identity = "worker@geopera-clip",
            Attempt = 1,
            RequestId = $"request-{events.Count + 1}",
        });

    public HistoryBuilder ActivityCompleted(long scheduledEventId, long startedEventId, object? result)
    {
        Add(EventType.ActivityTaskCompleted, e => e.ActivityTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            Result = result is null ? null : Payloads([result]),
            Identity = "worker@geopera-clip",
        });
        return this;
    }

    /// <summary>Activity failed for good (non-retryable, or its retries ran out).</summary>
    public HistoryBuilder ActivityFailed(long scheduledEventId, long startedEventId, string errorType, string message, object? details = null)
    {
        Add(EventType.ActivityTaskFailed, e => e.ActivityTaskFailedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            Failure = ApplicationFailure(errorType, message, details),
            RetryState = RetryState.NonRetryableFailure,
            Identity = "worker@geopera-clip",
        });
        return this;
    }

    public HistoryBuilder ActivityCancelRequested(long scheduledEventId)
    {
        Add(EventType.ActivityTaskCancelRequested, e => e.ActivityTaskCancelRequestedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        return this;
    }

    public HistoryBuilder ActivityCanceled(long scheduledEventId, long startedEventId, long cancelRequestedEventId)
    {
        Add(EventType.ActivityTaskCanceled, e => e.ActivityTaskCanceledEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            LatestCancelRequestedEventId = cancelRequestedEventId,
            Identity = "worker@geopera-clip",
        });
        return this;
    }

    /// <summary>Search attributes upserted in the last workflow task (Keyword values).</summary>
    public HistoryBuilder SearchAttributesUpserted(string name, string value)
    {
        var payload = Converter.ToPayload(value);
        payload.Metadata["type"] = Google.Protobuf.ByteString.CopyFromUtf8("Keyword");
        Add(EventType.UpsertWorkflowSearchAttributes, e => e.UpsertWorkflowSearchAttributesEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
            SearchAttributes = new SearchAttributes { IndexedFields = { [name] = payload } },
        });
        return this;
    }

    public HistoryBuilder CancelRequested()
    {
        Add(EventType.WorkflowExecutionCancelRequested, e => e.WorkflowExecutionCancelRequestedEventAttributes = new()
        {
            Cause = "cancelled by an operator",
            Identity = "operator@geopera-clip",
        });
        return this;
    }

    public HistoryBuilder WorkflowCompleted(object? result)
    {
        Add(EventType.WorkflowExecutionCompleted, e => e.WorkflowExecutionCompletedEventAttributes = new()
        {
            Result = Payloads([result]),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        return this;
    }

    public HistoryBuilder WorkflowFailed(string errorType, string message)
    {
        Add(EventType.WorkflowExecutionFailed, e => e.WorkflowExecutionFailedEventAttributes = new()
        {
            Failure = ApplicationFailure(errorType, message),
            RetryState = RetryState.RetryPolicyNotSet,
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        return this;
    }

    public HistoryBuilder WorkflowCanceled()
    {
        Add(EventType.WorkflowExecutionCanceled, e => e.WorkflowExecutionCanceledEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        return this;
    }

    public WorkflowHistory Build(string workflowId) => new(workflowId, [.. events]);

    private HistoryBuilder UpdateOutcome(long acceptedEventId, string updateId, UpdateV1.Outcome outcome)
    {
        Add(EventType.WorkflowExecutionUpdateCompleted, e => e.WorkflowExecutionUpdateCompletedEventAttributes = new()
        {
            AcceptedEventId = acceptedEventId,
            Meta = new UpdateV1.Meta { UpdateId = updateId, Identity = "api@geopera-clip" },
            Outcome = outcome,
        });
        return this;
    }

    private static Failure ApplicationFailure(string errorType, string message, object? details = null) => new()
    {
        Message = message,
        Source = "DotNetSDK",
        ApplicationFailureInfo = new ApplicationFailureInfo
        {
            Type = errorType,
            NonRetryable = true,
            Details = details is null ? null : Payloads([details]),
        },
    };

    private static Payloads Payloads(IEnumerable<object?> values)
    {
        var payloads = new Payloads();
        payloads.Payloads_.AddRange(values.Select(v => Converter.ToPayload(v)));
        return payloads;
    }

    private long Add(EventType type, Action<HistoryEvent> setAttributes)
    {
        clock = clock.AddMilliseconds(25);
        var e = new HistoryEvent
        {
            EventId = events.Count + 1,
            EventType = type,
            EventTime = Timestamp.FromDateTime(clock),
            TaskId = 1_048_576 + events.Count,
        };
        setAttributes(e);
        events.Add(e);
        return e.EventId;
    }
}
