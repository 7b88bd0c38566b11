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
/// Builds a workflow history event by event, the way a Temporal server records it from a live
/// Temporalio 1.21.1 worker, so replay tests run the real workflow code on the path production
/// runs. Event ids and activity ids are assigned in order. Where each shape comes from:
/// <list type="bullet">
/// <item>SDK flags (<see cref="LiveWorkerFlags"/>): only the first WorkflowTaskCompleted carries
/// them, with the SDK's name and version; later completions carry empty metadata
/// (sdk-core <c>internal_flags.rs</c>: <c>write_all_known</c> marks every core flag on a
/// non-replayed task and <c>gather_for_wft_complete</c> writes only flags, name and version not
/// already in the history).</item>
/// <item>ActivityTaskStarted is written by the server only when the attempt ends, right before its
/// completion, failure, timeout or cancellation, with the attempt number and the previous attempt's
/// failure (temporalio/temporal <c>service/history/workflow/mutable_state_impl.go</c>:
/// <c>AddActivityTaskStartedEvent</c> keeps it transient for activities with a retry policy;
/// <c>addTransientActivityStartedEvent</c> writes it before the closing event).</item>
/// <item>A timed-out activity's failure is a TimeoutFailure whose cause is the last attempt's
/// failure (same file, <c>AddActivityTaskTimedOutEvent</c>: <c>timeoutFailure.Cause = ai.RetryLastFailure</c>).</item>
/// </list>
/// </summary>
public sealed class HistoryBuilder
{
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;

    private readonly List<HistoryEvent> _events = [];
    private readonly string _taskQueue;
    private DateTime _clock = new(2026, 11, 25, 19, 0, 0, DateTimeKind.Utc);
    private int _nextActivityId = 1;
    private long _lastWorkflowTaskCompleted;

    public HistoryBuilder(string workflowType, string taskQueue, params object?[] args)
    {
        _taskQueue = taskQueue;
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

    /// <summary>What a live Temporalio 1.21.1 worker stamps on a workflow's first task completion.
    /// Core flags 1–3 (IdAndTypeDeterminismChecks, UpsertSearchAttributeOnPatch,
    /// MoveTerminalCommands: sdk-core <c>CoreInternalFlags</c>); lang flag 2
    /// (ApplyModernEventLoopLogic: sdk-dotnet <c>Worker/WorkflowLogicFlag.cs</c>, set in
    /// <c>Worker/WorkflowInstance.cs</c> when the first activation is not a replay). Without lang
    /// flag 2 the SDK replays on its legacy event loop, which production never runs.</summary>
    public static readonly WorkflowTaskCompletedMetadata LiveWorkerFlags = new()
    {
        CoreUsedFlags = { 1, 2, 3 },
        LangUsedFlags = { 2 },
        SdkName = "temporal-dotnet",
        SdkVersion = "1.21.1",
    };

    /// <summary>Id of the last event added.</summary>
    public long LastEventId => _events.Count;

    /// <summary>WorkflowTaskScheduled, Started and Completed: the worker ran the workflow once.</summary>
    public HistoryBuilder WorkflowTask()
    {
        var scheduled = Add(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = new TaskQueue { Name = _taskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        var started = Add(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = "worker@geopera-clip",
            RequestId = $"request-{_events.Count + 1}",
        });
        var first = _lastWorkflowTaskCompleted == 0;
        _lastWorkflowTaskCompleted = Add(EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Identity = "worker@geopera-clip",
            SdkMetadata = first ? LiveWorkerFlags.Clone() : new WorkflowTaskCompletedMetadata(),
        });
        return this;
    }

    /// <summary>Update accepted in the last workflow task; returns the accepted event's id.</summary>
    public long UpdateAccepted(string updateId, string updateName, params object?[] args) =>
        Add(EventType.WorkflowExecutionUpdateAccepted, e => e.WorkflowExecutionUpdateAcceptedEventAttributes = new()
        {
            ProtocolInstanceId = updateId,
            AcceptedRequestMessageId = $"{updateId}/request",
            AcceptedRequestSequencingEventId = _lastWorkflowTaskCompleted - 2,
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
        var activityId = _nextActivityId++;
        return Add(EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new()
        {
            ActivityId = activityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ActivityType = new ActivityType { Name = activityType },
            TaskQueue = new TaskQueue { Name = activityTaskQueue ?? _taskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            ScheduleToCloseTimeout = Duration.FromTimeSpan(TimeSpan.Zero),
            WorkflowTaskCompletedEventId = _lastWorkflowTaskCompleted,
        });
    }

    /// <summary>The attempt that ends next started (written just before its closing event);
    /// <paramref name="lastFailure"/> is the previous attempt's failure when it is a retry.</summary>
    public long ActivityStarted(long scheduledEventId, int attempt = 1, Failure? lastFailure = null) =>
        Add(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            Identity = "worker@geopera-clip",
            Attempt = attempt,
            RequestId = $"request-{_events.Count + 1}",
            LastFailure = lastFailure,
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

    /// <summary>The activity timed out for good (its retries ran out); the server's TimeoutFailure
    /// carries the last attempt's failure as its cause.</summary>
    public HistoryBuilder ActivityTimedOut(long scheduledEventId, long startedEventId, TimeoutType timeoutType, Failure? lastAttemptFailure, object? lastHeartbeat = null)
    {
        Add(EventType.ActivityTaskTimedOut, e => e.ActivityTaskTimedOutEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            Failure = TimeoutFailure(timeoutType, lastAttemptFailure, lastHeartbeat),
            RetryState = RetryState.MaximumAttemptsReached,
        });
        return this;
    }

    public HistoryBuilder ActivityCancelRequested(long scheduledEventId)
    {
        Add(EventType.ActivityTaskCancelRequested, e => e.ActivityTaskCancelRequestedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            WorkflowTaskCompletedEventId = _lastWorkflowTaskCompleted,
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
            WorkflowTaskCompletedEventId = _lastWorkflowTaskCompleted,
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
            WorkflowTaskCompletedEventId = _lastWorkflowTaskCompleted,
        });
        return this;
    }

    public HistoryBuilder WorkflowFailed(string errorType, string message)
    {
        Add(EventType.WorkflowExecutionFailed, e => e.WorkflowExecutionFailedEventAttributes = new()
        {
            Failure = ApplicationFailure(errorType, message),
            RetryState = RetryState.RetryPolicyNotSet,
            WorkflowTaskCompletedEventId = _lastWorkflowTaskCompleted,
        });
        return this;
    }

    public HistoryBuilder WorkflowCanceled()
    {
        Add(EventType.WorkflowExecutionCanceled, e => e.WorkflowExecutionCanceledEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = _lastWorkflowTaskCompleted,
        });
        return this;
    }

    public WorkflowHistory Build(string workflowId) => new(workflowId, [.. _events]);

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

    /// <summary>An application failure as the .NET SDK sends it (non-retryable unless said otherwise).</summary>
    public static Failure ApplicationFailure(string errorType, string message, object? details = null, bool nonRetryable = true) => new()
    {
        Message = message,
        Source = "DotNetSDK",
        ApplicationFailureInfo = new ApplicationFailureInfo
        {
            Type = errorType,
            NonRetryable = nonRetryable,
            Details = details is null ? null : Payloads([details]),
        },
    };

    /// <summary>A timeout as the server records it (temporalio/temporal
    /// <c>service/history/timer_queue_active_task_executor.go</c>: message
    /// <c>"activity %v timeout"</c> of the timer type, <c>failure.NewTimeoutFailure</c> with source
    /// "Server", the last heartbeat's details), with the last attempt's failure as its cause.</summary>
    public static Failure TimeoutFailure(TimeoutType timeoutType, Failure? cause, object? lastHeartbeat = null) => new()
    {
        Message = $"activity {TimeoutName(timeoutType)} timeout",
        Source = "Server",
        TimeoutFailureInfo = new TimeoutFailureInfo
        {
            TimeoutType = timeoutType,
            LastHeartbeatDetails = lastHeartbeat is null ? null : Payloads([lastHeartbeat]),
        },
        Cause = cause,
    };

    private static string TimeoutName(TimeoutType type) => type switch
    {
        TimeoutType.StartToClose => "StartToClose",
        TimeoutType.ScheduleToClose => "ScheduleToClose",
        TimeoutType.ScheduleToStart => "ScheduleToStart",
        TimeoutType.Heartbeat => "Heartbeat",
        _ => "Unspecified",
    };

    private static Payloads Payloads(IEnumerable<object?> values)
    {
        var payloads = new Payloads();
        payloads.Payloads_.AddRange(values.Select(v => Converter.ToPayload(v)));
        return payloads;
    }

    private long Add(EventType type, Action<HistoryEvent> setAttributes)
    {
        _clock = _clock.AddMilliseconds(25);
        var e = new HistoryEvent
        {
            EventId = _events.Count + 1,
            EventType = type,
            EventTime = Timestamp.FromDateTime(_clock),
            TaskId = 1_048_576 + _events.Count,
        };
        setAttributes(e);
        _events.Add(e);
        return e.EventId;
    }
}
