using System.Collections.Concurrent;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Workflows;
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
/// The Temporal boundary the API tests run the service's real <see cref="TemporalClipJobGateway"/>
/// against when no server is at hand: a real <see cref="TemporalClient"/> whose calls end here, in
/// the shapes a server and the SDK give. Inputs, results and failures cross the SDK's own data and
/// failure converters; the Admit validator is the workflow's own (<see cref="ClipWorkflow.ValidateAdmit"/>);
/// a closed workflow refuses update-with-start as RejectDuplicate does on servers before
/// temporalio/temporal#7656 (WorkflowAlreadyStartedException) and its history is its started event
/// and its close event; cancelling returns before the compensation ran; waiting for the close
/// event long-polls. Behind it, the in-process runner executes the job (the real activities,
/// warps as many at once as the workflow runs them). What it cannot show: the workflow code itself,
/// activity retries and heartbeat timeouts — the replay suite and the end-to-end suite cover those.
/// </summary>
internal sealed class InProcessTemporal : IClientInterceptor
{
    private static readonly DataConverter Converter = DataConverter.Default;

    private readonly InProcessClipJobGateway _runner;

    public InProcessTemporal(InProcessClipJobGateway runner)
    {
        _runner = runner;
        // The service's own interceptor first, as its client registration adds it; this boundary last.
        Client = TemporalClient.CreateLazy(new("127.0.0.1:1") { Interceptors = [new Host.Telemetry.JobContextInterceptor(), this] });
    }

    public ITemporalClient Client { get; }

    /// <summary>Every update-with-start the gateway sent, as sent (options, ids, arguments).</summary>
    public ConcurrentQueue<StartUpdateWithStartWorkflowInput> UpdateWithStarts { get; } = new();

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(this, nextInterceptor);

    private static T RoundTrip<T>(object? value) => Converter.PayloadConverter.ToValue<T>(Converter.PayloadConverter.ToPayload(value));

    private static Exception AsReceived(Exception thrown) => ScriptedTemporal.AsReceived(thrown);

    private WorkflowUpdateHandle<AdmissionResult> UpdateWithStart(StartUpdateWithStartWorkflowInput input)
    {
        UpdateWithStarts.Enqueue(input);
        var start = input.Options.StartWorkflowOperation!;
        var workflowId = start.Options.Id!;
        var jobInput = RoundTrip<ClipJobInput>(start.Args.Single());
        var request = RoundTrip<AdmitRequest>(input.Args.Single());
        var existing = _runner.Find(workflowId);
        if (existing is { Finished.IsCompleted: true } && start.Options.IdReusePolicy == WorkflowIdReusePolicy.RejectDuplicate)
            throw new WorkflowAlreadyStartedException("Workflow execution already finished", workflowId, start.Workflow, "run-1");
        try
        {
            // Validators run on the worker against the running workflow's own input.
            new ClipWorkflow(existing?.Input ?? jobInput).ValidateAdmit(request);
        }
        catch (ApplicationFailureException refused)
        {
            return new Outcome(Client, () => Task.FromException<AdmissionResult>(new WorkflowUpdateFailedException(AsReceived(refused))));
        }
        var admission = _runner.AdmitAsync(jobInput, input.Options.Rpc?.CancellationToken ?? CancellationToken.None);
        return new Outcome(Client, async () =>
        {
            var outcome = await admission;
            if (outcome.Rejection is { } rejection)
            {
                var failure = JobFailures.ToApplicationFailure(new JobFailure(rejection.ErrorType, rejection.Message, rejection.Details), cause: null);
                throw new WorkflowUpdateFailedException(AsReceived(failure));
            }
            return RoundTrip<AdmissionResult>(outcome.Admitted);
        });
    }

    private ClipJobState Query(QueryWorkflowInput input) =>
        _runner.Find(input.Id) is { } run
            ? RoundTrip<ClipJobState>(run.Snapshot())
            : throw new RpcException(RpcException.StatusCode.NotFound, $"workflow not found for ID: {input.Id}", null);

    private async Task CancelAsync(CancelWorkflowInput input)
    {
        if (_runner.Find(input.Id) is null)
            throw new RpcException(RpcException.StatusCode.NotFound, $"workflow not found for ID: {input.Id}", null);
        await _runner.CancelAsync(input.Id, CancellationToken.None);
    }

    private async Task<WorkflowHistoryEventPage> HistoryAsync(FetchWorkflowHistoryEventPageInput input)
    {
        var run = _runner.Find(input.Id) ?? throw new RpcException(RpcException.StatusCode.NotFound, $"workflow not found for ID: {input.Id}", null);
        if (input.WaitNewEvent)
            await run.Finished.WaitAsync(input.Rpc?.CancellationToken ?? CancellationToken.None);
        var close = run.Finished.IsCompleted ? await CloseEventAsync(run) : null;
        if (input.EventFilterType == HistoryEventFilterType.CloseEvent)
            return new(close is null ? [] : [close], null);
        var started = new HistoryEvent
        {
            EventId = 1,
            EventTime = Timestamp.FromDateTime(DateTime.UtcNow),
            EventType = EventType.WorkflowExecutionStarted,
            WorkflowExecutionStartedEventAttributes = new() { Input = new() },
        };
        started.WorkflowExecutionStartedEventAttributes.Input.Payloads_.Add(Converter.PayloadConverter.ToPayload(run.Input));
        return new(close is null ? [started] : [started, close], null);
    }

    // How the run ended, as the server records it: completed with the final state, failed with the
    // job's failure (the admission refusal when it was refused), or canceled.
    private static async Task<HistoryEvent> CloseEventAsync(InProcessClipJobGateway.RunView run)
    {
        var refusal = (await run.Admission).Rejection;
        var state = run.Snapshot();
        if (state.Status == JobStatus.Cancelled)
            return ScriptedTemporal.Cancelled();
        var failure = refusal is not null ? new JobFailure(refusal.ErrorType, refusal.Message, refusal.Details)
            : state.Status == JobStatus.Completed ? null : state.Failure ?? new JobFailure(JobFailures.InternalType, "The job failed.");
        return failure is null
            ? ScriptedTemporal.Completed(state)
            : ScriptedTemporal.FailedWith(JobFailures.ToApplicationFailure(failure, cause: null));
    }

    private sealed record Outcome(ITemporalClient Client, Func<Task<AdmissionResult>> Result)
        : WorkflowUpdateHandle<AdmissionResult>(Client, "admit", "workflow")
    {
        public override async Task<TResult> GetResultAsync<TResult>(RpcOptions? rpcOptions = null) =>
            (TResult)(object)await Result();
    }

    private sealed class Outbound(InProcessTemporal boundary, ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override Task<WorkflowUpdateHandle<TUpdateResult>> StartUpdateWithStartWorkflowAsync<TUpdateResult>(
            StartUpdateWithStartWorkflowInput input) =>
            Task.FromResult((WorkflowUpdateHandle<TUpdateResult>)(object)boundary.UpdateWithStart(input));

        public override Task<TResult> QueryWorkflowAsync<TResult>(QueryWorkflowInput input) =>
            Task.FromResult((TResult)(object)boundary.Query(input));

        public override Task CancelWorkflowAsync(CancelWorkflowInput input) => boundary.CancelAsync(input);

        public override Task<WorkflowHistoryEventPage> FetchWorkflowHistoryEventPageAsync(FetchWorkflowHistoryEventPageInput input) =>
            boundary.HistoryAsync(input);
    }
}
