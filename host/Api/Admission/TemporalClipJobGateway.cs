using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>The job runner as Temporal: admission is update-with-start of <see cref="ClipWorkflow"/>
/// (id from the idempotency key: a running job is joined, a closed one never restarted) with the
/// <c>Admit</c> update, which returns once credits are reserved or fails with a ClipErrors type.</summary>
public sealed partial class TemporalClipJobGateway(
    ITemporalClient client, IJobStore jobs, IOptions<TemporalGatewayOptions> options, ILogger<TemporalClipJobGateway> log) : IClipJobGateway
{
    private RpcOptions Rpc(CancellationToken ct) => new() { Timeout = TimeSpan.FromSeconds(options.Value.AdmissionTimeoutSeconds), CancellationToken = ct };

    public async Task<AdmissionOutcome> AdmitAsync(ClipJobInput input, CancellationToken ct)
    {
        input = input with { WarpTaskQueue = options.Value.WarpTaskQueue };
        var start = WithStartWorkflowOperation.Create(
            (ClipWorkflow wf) => wf.RunAsync(input), ClipWorkflowStartOptions.For(input, options.Value.MainTaskQueue));
        try
        {
            var result = await TemporalCalls.Guard(() => client.ExecuteUpdateWithStartWorkflowAsync(
                (ClipWorkflow wf) => wf.AdmitAsync(new AdmitRequest(input.JobId, input.RequestFingerprint)),
                new WorkflowUpdateWithStartOptions(start) { Rpc = Rpc(ct) }));
            return AdmissionOutcome.Admit(result);
        }
        catch (WorkflowUpdateFailedException e)
        {
            return AdmissionOutcome.Reject(TemporalCalls.Rejection(e));
        }
        catch (WorkflowAlreadyStartedException)
        {
            LogClosed(log, input.JobId);
            return await OutcomeOfClosedAsync(input, ct);
        }
    }

    public async Task<ClipJobState?> GetStateAsync(string workflowId, CancellationToken ct)
    {
        try
        {
            return await TemporalCalls.Guard(() => client.GetWorkflowHandle(workflowId)
                .QueryAsync((ClipWorkflow wf) => wf.GetState(), new WorkflowQueryOptions { Rpc = Rpc(ct) }));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is WorkflowQueryFailedException or WorkflowQueryRejectedException)
        {
            // The workflow cannot answer now (e.g. closed, or its task failing): the row answers.
            LogQueryFailed(log, workflowId, e.Message);
            return null;
        }
    }

    public async Task CancelAsync(string workflowId, CancellationToken ct)
    {
        try
        {
            await TemporalCalls.Guard(() => client.GetWorkflowHandle(workflowId)
                .CancelAsync(new WorkflowCancelOptions { Rpc = Rpc(ct) }));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // Already gone past retention: nothing to cancel.
        }
    }

    /// <summary>The key's workflow already closed: a rejected admission answers the same rejection;
    /// an admitted job answers from its job row.</summary>
    private async Task<AdmissionOutcome> OutcomeOfClosedAsync(ClipJobInput input, CancellationToken ct)
    {
        var row = await jobs.GetAsync(input.OrganizationId, input.JobId, ct);
        // The idempotency store already matched this request's fingerprint against the key.
        if (row is not null)
            return AdmissionOutcome.Admit(new AdmissionResult(
                new JobSummary(row.Id, JobStatus.Running, row.JobType, row.OrganizationId), row.AssetKeys.Count, row.AssetKeys));
        try
        {
            await TemporalCalls.Guard(() => client.GetWorkflowHandle(JobIdentity.WorkflowId(input.JobId))
                .GetResultAsync<ClipJobState>(rpcOptions: Rpc(ct)));
        }
        catch (WorkflowFailedException e)
        {
            return AdmissionOutcome.Reject(TemporalCalls.Rejection(e));
        }
        throw new InvalidOperationException($"Workflow of job {input.JobId} closed without a job row or an admission failure.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GetState query of {WorkflowId} failed; answering from the job row: {Reason}")]
    private static partial void LogQueryFailed(ILogger logger, string workflowId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow of job {JobId} already closed; answering from its outcome")]
    private static partial void LogClosed(ILogger logger, string jobId);
}

/// <summary>The <c>Temporal</c> configuration section, as the API gateway reads it.</summary>
public sealed class TemporalGatewayOptions
{
    public string MainTaskQueue { get; set; } = "clip-main";
    public string WarpTaskQueue { get; set; } = "clip-warp";

    /// <summary>How long admission (resolve + reserve) may take before the API answers 503.</summary>
    public double AdmissionTimeoutSeconds { get; set; } = 30;
}
