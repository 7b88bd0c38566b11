using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>The job runner as Temporal: admission is update-with-start of <see cref="ClipWorkflow"/>
/// (id from the idempotency key: a running job is joined, a closed one never restarted) with the
/// <c>Admit</c> update, which returns once credits are reserved or fails with a ClipErrors type.</summary>
public sealed partial class TemporalClipJobGateway(
    ITemporalClient client, IJobStore jobs, IOptions<TemporalSettings> options, ILogger<TemporalClipJobGateway> log) : IClipJobGateway
{
    private TimeSpan Timeout => TimeSpan.FromSeconds(options.Value.AdmissionTimeoutSeconds);
    private TimeSpan QueryTimeout => TimeSpan.FromSeconds(options.Value.QueryTimeoutSeconds);

    // RpcOptions.Timeout bounds one RPC only: the SDK re-polls an update that is not accepted or not
    // completed yet (e.g. no worker on the queue) for as long as its token allows. The token is what
    // bounds the whole call, so it carries the deadline.
    private RpcOptions Rpc(CancellationTokenSource deadline) => new() { Timeout = Timeout, CancellationToken = deadline.Token };

    private CancellationTokenSource Deadline(CancellationToken ct, TimeSpan? within = null)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within ?? Timeout);
        return deadline;
    }

    public async Task<AdmissionOutcome> AdmitAsync(ClipJobInput input, CancellationToken ct)
    {
        input = input with { WarpTaskQueue = options.Value.WarpTaskQueue };
        var start = WithStartWorkflowOperation.Create(
            (ClipWorkflow wf) => wf.RunAsync(input), ClipWorkflowStartOptions.For(input, options.Value.MainTaskQueue));
        using var deadline = Deadline(ct);
        try
        {
            // A retried request sends the same update id, so the server recognises the update it
            // already has (and answers from its outcome) instead of adding another to the history.
            var result = await TemporalCalls.GuardAsync(() => client.ExecuteUpdateWithStartWorkflowAsync(
                (ClipWorkflow wf) => wf.AdmitAsync(new AdmitRequest(input.JobId, input.RequestFingerprint)),
                new WorkflowUpdateWithStartOptions(JobIdentity.AdmitUpdateId(input.JobId, input.RequestFingerprint), start)
                {
                    Rpc = Rpc(deadline),
                }), ct);
            return AdmissionOutcome.Admit(result);
        }
        catch (Exception e) when (TemporalCalls.ClosedBeforeAnswering(e))
        {
            LogClosed(log, input.JobId);
            return await OutcomeOfClosedAsync(input, deadline, ct);
        }
        catch (WorkflowUpdateFailedException e)
        {
            return AdmissionOutcome.Reject(TemporalCalls.Rejection(e));
        }
        catch (RpcException e) when (TemporalCalls.MissingSearchAttribute(e) is { } attribute)
        {
            LogNotPrepared(log, input.JobId, attribute, e.Message);
            throw new JobRunnerUnavailableException(
                $"Temporal refused to start the job: its namespace lacks the search attribute {attribute}.", e, RunnerUnavailability.NotPrepared);
        }
    }

    public async Task<ClipJobState?> GetStateAsync(string workflowId, CancellationToken ct)
    {
        // A query needs a worker to answer: without one it waits, so it gets a shorter deadline
        // than admission, and the job row answers instead.
        using var deadline = Deadline(ct, QueryTimeout);
        try
        {
            var handle = client.GetWorkflowHandle(workflowId);
            var state = await TemporalCalls.GuardAsync(() => handle.QueryAsync(
                (ClipWorkflow wf) => wf.GetState(), new WorkflowQueryOptions { Rpc = Rpc(deadline) }), ct);
            return await WithWarpProgressAsync(handle, state, deadline);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is WorkflowQueryFailedException or WorkflowQueryRejectedException)
        {
            // The workflow cannot answer now (e.g. its task failing): the row answers.
            LogQueryFailed(log, workflowId, e.Message);
            return null;
        }
    }

    /// <summary>Running warps' fractions come from their last heartbeats, which only the server
    /// holds; without them (describe failed) the workflow's own state still answers.</summary>
    private async Task<ClipJobState> WithWarpProgressAsync(WorkflowHandle handle, ClipJobState state, CancellationTokenSource deadline)
    {
        if (state.Assets.All(asset => asset.Status != AssetStatus.Running))
            return state;
        try
        {
            // The SDK's describe result does not expose pending activities: ask the service itself.
            var description = await client.WorkflowService.DescribeWorkflowExecutionAsync(
                new DescribeWorkflowExecutionRequest
                {
                    Namespace = client.Options.Namespace,
                    Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = handle.Id },
                },
                Rpc(deadline));
            return WarpHeartbeats.Merge(state, WarpHeartbeats.From(
                description.PendingActivities, client.Options.DataConverter.PayloadConverter));
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException)
        {
            LogQueryFailed(log, handle.Id, $"heartbeat progress unavailable: {e.Message}");
            return state;
        }
    }

    public async Task CancelAsync(string workflowId, CancellationToken ct)
    {
        using var deadline = Deadline(ct);
        try
        {
            await TemporalCalls.GuardAsync(() => client.GetWorkflowHandle(workflowId)
                .CancelAsync(new WorkflowCancelOptions { Rpc = Rpc(deadline) }), ct);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // Gone past retention (a closed but retained workflow accepts the request as a no-op).
        }
    }

    public async Task<bool> WaitClosedAsync(string workflowId, TimeSpan within, CancellationToken ct)
    {
        using var deadline = Deadline(ct, within);
        try
        {
            // The server long-polls the close event; the deadline ends the wait.
            await client.GetWorkflowHandle(workflowId).GetResultAsync<ClipJobState>(
                rpcOptions: new RpcOptions { CancellationToken = deadline.Token });
            return true;
        }
        catch (Exception e) when (e is WorkflowFailedException or WorkflowContinuedAsNewException
                                   || e is RpcException { Code: RpcException.StatusCode.NotFound })
        {
            return true; // closed other than by completing (cancelled, above all), or gone past retention
        }
        catch (Exception e) when (!ct.IsCancellationRequested
                                   && (e is OperationCanceledException || TemporalCalls.IsUnreachable(e)
                                       || e is RpcException { Code: RpcException.StatusCode.Cancelled }))
        {
            LogStillOpen(log, workflowId, within.TotalSeconds);
            return false;
        }
    }

    /// <summary>The key's workflow already closed (RejectDuplicate refuses to start it again, so
    /// update-with-start throws WorkflowAlreadyStartedException). An admitted job answers from its
    /// job row; a refused one answers the same refusal, unless this request is not the one that
    /// workflow ran (refusals store no idempotency record, so only the workflow's input can tell).</summary>
    private async Task<AdmissionOutcome> OutcomeOfClosedAsync(ClipJobInput input, CancellationTokenSource deadline, CancellationToken ct)
    {
        var row = await jobs.GetAsync(input.OrganizationId, input.JobId, ct);
        // An admitted job stored its key and fingerprint when it reserved: the idempotency store
        // already refused another fingerprint before this call.
        if (row is not null)
            return AdmissionOutcome.Admit(new AdmissionResult(
                new JobSummary(row.Id, JobStatus.Running, row.JobType, row.OrganizationId), row.AssetKeys.Count, row.AssetKeys));
        var handle = client.GetWorkflowHandle(JobIdentity.WorkflowId(input.JobId));
        var ran = await TemporalCalls.GuardAsync(() => StartedInputAsync(handle, deadline), ct);
        if (ran.RequestFingerprint != input.RequestFingerprint)
        {
            return AdmissionOutcome.Reject(new AdmissionRejection(ClipErrors.IdempotencyConflict, ClipErrors.IdempotencyConflictMessage));
        }
        try
        {
            await TemporalCalls.GuardAsync(() => handle.GetResultAsync<ClipJobState>(rpcOptions: Rpc(deadline)), ct);
        }
        catch (WorkflowFailedException e)
        {
            return AdmissionOutcome.Reject(TemporalCalls.Rejection(e));
        }
        throw new InvalidOperationException($"Workflow of job {input.JobId} closed without a job row or an admission failure.");
    }

    // The first event of every history is WorkflowExecutionStarted, carrying the run's input.
    private async Task<ClipJobInput> StartedInputAsync(WorkflowHandle handle, CancellationTokenSource deadline)
    {
        await foreach (var e in handle.FetchHistoryEventsAsync(new WorkflowHistoryEventFetchOptions { Rpc = Rpc(deadline) }))
        {
            if (e.WorkflowExecutionStartedEventAttributes?.Input is { } args)
                return await client.Options.DataConverter.ToSingleValueAsync<ClipJobInput>(args.Payloads_);
            break;
        }
        throw new InvalidOperationException($"The history of {handle.Id} does not start with the workflow's input.");
    }

    [LoggerMessage(EventId = 1031, EventName = "QueryFailed", Level = LogLevel.Warning, Message = "GetState query of {WorkflowId} failed; answering from the job row: {Reason}")]
    private static partial void LogQueryFailed(ILogger logger, string workflowId, string reason);

    [LoggerMessage(EventId = 1032, EventName = "NotPrepared", Level = LogLevel.Error, Message = "Temporal refused to start job {JobId}: its namespace lacks the search attribute {Attribute} " +
        "(see /readyz and the start-up log for the command that creates it): {Reason}")]
    private static partial void LogNotPrepared(ILogger logger, string jobId, string attribute, string reason);

    [LoggerMessage(EventId = 1033, EventName = "StillOpen", Level = LogLevel.Information, Message = "Workflow {WorkflowId} had not closed {Seconds} s after its cancellation was requested")]
    private static partial void LogStillOpen(ILogger logger, string workflowId, double seconds);

    [LoggerMessage(EventId = 1034, EventName = "Closed", Level = LogLevel.Information, Message = "Workflow of job {JobId} already closed; answering from its outcome")]
    private static partial void LogClosed(ILogger logger, string jobId);
}
