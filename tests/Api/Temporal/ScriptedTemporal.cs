using Geopera.Clip.Workflows.Contracts;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Geopera.Clip.Tests.Api.Temporal;

/// <summary>
/// A real <see cref="TemporalClient"/> whose calls end in a script instead of a server: a client
/// interceptor answers update-with-start, queries, cancels and history fetches the way the server
/// and the SDK do (failures travel as Failure protos through the default converter, exactly as the
/// SDK decodes them), so the gateway's mapping runs offline against the SDK's own types.
/// </summary>
internal sealed class ScriptedTemporal : IClientInterceptor
{
    private static readonly DataConverter Converter = DataConverter.Default;

    /// <param name="target">Where calls no interceptor sees (<c>client.WorkflowService</c>) go: by
    /// default nowhere (a closed port), else a <see cref="WireWorkflowService"/>.</param>
    public ScriptedTemporal(string target = "127.0.0.1:1") =>
        Client = TemporalClient.CreateLazy(new(target) { Interceptors = [this] });

    public ITemporalClient Client { get; }

    /// <summary>What the Admit update-with-start does; default: not scripted.</summary>
    public Func<StartUpdateWithStartWorkflowInput, WorkflowUpdateHandle<AdmissionResult>> UpdateWithStart { get; set; } =
        _ => throw new InvalidOperationException("update-with-start is not scripted");

    /// <summary>The GetState query's answer (or the exception it throws).</summary>
    public Func<QueryWorkflowInput, Task<ClipJobState>> Query { get; set; } =
        _ => throw new InvalidOperationException("query is not scripted");

    /// <summary>What a cancel request throws, if anything.</summary>
    public Exception? CancelFailure { get; set; }

    public List<string> CancelRequests { get; } = [];

    /// <summary>The server takes the cancel request and never answers: the call ends when its
    /// token does, as a gRPC call whose deadline or token fired.</summary>
    public bool CancelNeverAnswered { get; set; }

    /// <summary>The server never answers a history fetch (not even the first page).</summary>
    public bool HistoryNeverAnswered { get; set; }

    /// <summary>The closed workflow's history: its input and how it ended.</summary>
    public (ClipJobInput Input, HistoryEvent Close)? ClosedRun { get; set; }

    /// <summary>The workflow still runs: a wait for its close event is held by the server until the
    /// caller's deadline (GetWorkflowExecutionHistory long-polls with wait_new_event).</summary>
    public bool StillRunning { get; set; }

    public int UpdatePolls { get; private set; }

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(this, nextInterceptor);

    /// <summary>The exception as the client receives it: converted to a Failure proto where it was
    /// thrown (workflow or validator), decoded back by the client's converter.</summary>
    public static Exception AsReceived(Exception thrown) =>
        Converter.FailureConverter.ToException(
            Converter.FailureConverter.ToFailure(thrown, Converter.PayloadConverter), Converter.PayloadConverter);

    public WorkflowUpdateHandle<AdmissionResult> Admitted(AdmissionResult result) => new Outcome(Client, () => Task.FromResult(result));

    /// <summary>The update completed with the failure the workflow (or its validator) threw.</summary>
    public WorkflowUpdateHandle<AdmissionResult> UpdateFailed(Exception thrownInWorkflow) =>
        new Outcome(Client, () => Task.FromException<AdmissionResult>(new WorkflowUpdateFailedException(AsReceived(thrownInWorkflow))));

    /// <summary>No worker accepts or completes the update: each poll ends empty when its RPC
    /// timeout elapses and the SDK polls again, until the call's token is cancelled.</summary>
    public WorkflowUpdateHandle<AdmissionResult> NeverAnswered(RpcOptions? rpc) => new Outcome(Client, async () =>
    {
        var token = rpc?.CancellationToken ?? CancellationToken.None;
        while (true)
        {
            UpdatePolls++;
            try
            {
                await Task.Delay(rpc?.Timeout ?? TimeSpan.FromSeconds(60), token);
            }
            catch (OperationCanceledException e)
            {
                throw new WorkflowUpdateRpcTimeoutOrCanceledException(e);
            }
        }
    });

    /// <summary>RejectDuplicate refused to start the closed workflow again.</summary>
    public static WorkflowUpdateHandle<AdmissionResult> AlreadyClosed(StartUpdateWithStartWorkflowInput input) =>
        throw new WorkflowAlreadyStartedException("Workflow execution already finished", input.Options.StartWorkflowOperation!.Options.Id!, "ClipWorkflow", "run-1");

    public static HistoryEvent FailedWith(Exception thrownInWorkflow) => new()
    {
        EventType = EventType.WorkflowExecutionFailed,
        WorkflowExecutionFailedEventAttributes = new()
        {
            Failure = Converter.FailureConverter.ToFailure(thrownInWorkflow, Converter.PayloadConverter),
        },
    };

    public static HistoryEvent Completed(ClipJobState result)
    {
        var completed = new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionCompleted,
            WorkflowExecutionCompletedEventAttributes = new() { Result = new() },
        };
        completed.WorkflowExecutionCompletedEventAttributes.Result.Payloads_.Add(Converter.PayloadConverter.ToPayload(result));
        return completed;
    }

    public static HistoryEvent Cancelled() => new()
    {
        EventType = EventType.WorkflowExecutionCanceled,
        WorkflowExecutionCanceledEventAttributes = new(),
    };

    private async Task<WorkflowHistoryEventPage> HistoryAsync(FetchWorkflowHistoryEventPageInput input)
    {
        if (HistoryNeverAnswered)
            await Task.Delay(Timeout.Infinite, input.Rpc?.CancellationToken ?? CancellationToken.None);
        if (StillRunning && ClosedRun is null && input.WaitNewEvent)
        {
            await Task.Delay(Timeout.Infinite, input.Rpc?.CancellationToken ?? CancellationToken.None);
        }
        return History(input);
    }

    private WorkflowHistoryEventPage History(FetchWorkflowHistoryEventPageInput input)
    {
        var (started, close) = ClosedRun ?? throw new RpcException(RpcException.StatusCode.NotFound, "workflow not found", null);
        var first = new HistoryEvent
        {
            EventId = 1,
            EventTime = Timestamp.FromDateTime(DateTime.UtcNow),
            EventType = EventType.WorkflowExecutionStarted,
            WorkflowExecutionStartedEventAttributes = new() { Input = new() },
        };
        first.WorkflowExecutionStartedEventAttributes.Input.Payloads_.Add(Converter.PayloadConverter.ToPayload(started));
        return input.EventFilterType == HistoryEventFilterType.CloseEvent
            ? new([close], null)
            : new([first, close], null);
    }

    private sealed record Outcome(ITemporalClient Client, Func<Task<AdmissionResult>> Result)
        : WorkflowUpdateHandle<AdmissionResult>(Client, "update-1", "workflow")
    {
        public override async Task<TResult> GetResultAsync<TResult>(RpcOptions? rpcOptions = null) =>
            (TResult)(object)await Result();
    }

    private sealed class Outbound(ScriptedTemporal script, ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override Task<WorkflowUpdateHandle<TUpdateResult>> StartUpdateWithStartWorkflowAsync<TUpdateResult>(
            StartUpdateWithStartWorkflowInput input) =>
            Task.FromResult((WorkflowUpdateHandle<TUpdateResult>)(object)script.UpdateWithStart(input));

        public override async Task<TResult> QueryWorkflowAsync<TResult>(QueryWorkflowInput input) =>
            (TResult)(object)await script.Query(input);

        public override async Task CancelWorkflowAsync(CancelWorkflowInput input)
        {
            script.CancelRequests.Add(input.Id);
            if (script.CancelNeverAnswered)
                await Task.Delay(Timeout.Infinite, input.Options?.Rpc?.CancellationToken ?? CancellationToken.None);
            if (script.CancelFailure is { } failure)
                throw failure;
        }

        public override Task<WorkflowHistoryEventPage> FetchWorkflowHistoryEventPageAsync(FetchWorkflowHistoryEventPageInput input) =>
            script.HistoryAsync(input);
    }
}
