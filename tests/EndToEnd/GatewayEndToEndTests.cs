using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.EndToEnd;

/// <summary>
/// The API's <see cref="TemporalClipJobGateway"/> on a real Temporal server: what the server
/// answers for a refused job asked again (its workflow closed, RejectDuplicate), a state query and
/// a cancel of a running job, and both once it closed. Reported skipped without a server.
/// </summary>
[Collection(TemporalServerCollection.Name)]
public sealed class GatewayEndToEndTests(TemporalTestServer server)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TemporalClipJobGateway Gateway(ClipStack stack) => new(
        stack.Client, stack.Jobs,
        Options.Create(new TemporalSettings { MainTaskQueue = stack.MainQueue, WarpTaskQueue = stack.WarpQueue, AdmissionTimeoutSeconds = 60 }),
        NullLogger<TemporalClipJobGateway>.Instance);

    [Fact]
    public async Task Refusal_is_answered_again_from_the_closed_workflow_and_another_body_is_a_conflict()
    {
        await using var stack = await ClipStack.StartAsync(server, creditLimit: 1);
        await stack.StartWorkersAsync(main: true, warp: false);
        var gateway = Gateway(stack);
        var input = stack.Job("e2e-gateway-quota");

        var first = (await gateway.AdmitAsync(input, Ct)).Rejection!;
        Assert.Equal(ClipErrors.QuotaExceeded, first.ErrorType);
        Assert.Equal(1, first.Details!["limit"]);

        // The workflow failed; RejectDuplicate refuses to run it again and the gateway reads its failure.
        var again = (await gateway.AdmitAsync(input, Ct)).Rejection!;
        Assert.Equal((first.ErrorType, first.Message), (again.ErrorType, again.Message));
        Assert.Equal(first.Details, again.Details);

        var otherBody = (await gateway.AdmitAsync(input with { RequestFingerprint = "sha256:another-body" }, Ct)).Rejection!;
        Assert.Equal(ClipErrors.IdempotencyConflict, otherBody.ErrorType);
    }

    [Fact]
    public async Task Running_job_is_queried_and_cancelled_and_both_still_work_once_it_closed()
    {
        // No warp worker: the job is admitted and waits for its warp, so it is still running.
        await using var stack = await ClipStack.StartAsync(server);
        await stack.StartWorkersAsync(main: true, warp: false);
        var gateway = Gateway(stack);
        var input = stack.Job("e2e-gateway-cancel");
        var workflowId = JobIdentity.WorkflowId(input.JobId);

        Assert.NotNull((await gateway.AdmitAsync(input, Ct)).Admitted);
        var running = await gateway.GetStateAsync(workflowId, Ct);
        Assert.Equal(JobStatus.Running, running?.Status);

        await gateway.CancelAsync(workflowId, Ct);
        // The server records the request and returns; the compensation closes the workflow later.
        Assert.True(await gateway.WaitClosedAsync(workflowId, JobTimeout, Ct));
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() =>
            stack.Client.GetWorkflowHandle(workflowId).GetResultAsync().WaitAsync(JobTimeout, Ct));
        Assert.IsType<CanceledFailureException>(failure.InnerException);

        await gateway.CancelAsync(workflowId, Ct); // closed: a no-op, not an error
        Assert.Equal(JobStatus.Cancelled, (await gateway.GetStateAsync(workflowId, Ct))?.Status);
        Assert.Equal(JobStatus.Cancelled, (await stack.Jobs.GetAsync(stack.OrganizationId, input.JobId, Ct))?.Status);
        Assert.Equal(1, await stack.LedgerCountAsync(input.JobId, "release"));
        Assert.Null(await gateway.GetStateAsync("clip-never-started", Ct));
    }
}
