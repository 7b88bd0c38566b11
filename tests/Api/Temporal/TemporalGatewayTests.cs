using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Tests.Workflow;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Api.Temporal;

/// <summary>
/// <see cref="TemporalClipJobGateway"/> against the SDK's real client, with the server's answers
/// scripted (<see cref="ScriptedTemporal"/>): admission outcomes and their failure payloads,
/// closed workflows, deadlines, queries and cancels.
/// </summary>
public sealed class TemporalGatewayTests
{
    private static readonly Dictionary<string, long> Quota = new() { ["used"] = 9_000, ["limit"] = 10_000, ["requested"] = 2_400 };

    private readonly ScriptedTemporal _temporal = new();
    private readonly RowsOnlyJobStore _rows = new();
    private readonly LogCapture _logs = new();

    private TemporalClipJobGateway Gateway(double timeoutSeconds = 5) => new(
        _temporal.Client, _rows, Options.Create(new TemporalSettings { AdmissionTimeoutSeconds = timeoutSeconds }),
        LoggerFactory.Create(logging => logging.AddProvider(_logs)).CreateLogger<TemporalClipJobGateway>());

    private CapturedLog Logged(string eventName) => Assert.Single(_logs.Entries, e => e.EventId.Name == eventName);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admitted_job_answers_the_update_result()
    {
        _temporal.UpdateWithStart = _ => _temporal.Admitted(ClipTestData.Admission(2));
        var outcome = await Gateway().AdmitAsync(ClipTestData.Input(), Ct);
        Assert.Equal(ClipTestData.Admission(2).AssetKeys, outcome.Admitted!.AssetKeys);
    }

    [Fact]
    public async Task Quota_refusal_reaches_the_caller_with_used_limit_and_requested_decoded_from_the_payloads()
    {
        // As it happens: the activity's refusal crosses to the workflow as a Failure, the workflow
        // describes it and fails the update with it, which crosses to the client as a Failure again.
        var fromActivity = ScriptedTemporal.AsReceived(
            new DataPlatformException(ClipErrors.QuotaExceeded, "Quota exceeded.", Quota).ToApplicationFailure());
        var inWorkflow = JobFailures.Describe(fromActivity);
        _temporal.UpdateWithStart = _ => _temporal.UpdateFailed(JobFailures.ToApplicationFailure(inWorkflow, cause: null));

        var rejection = (await Gateway().AdmitAsync(ClipTestData.Input(), Ct)).Rejection!;

        Assert.Equal(ClipErrors.QuotaExceeded, rejection.ErrorType);
        Assert.Equal(Quota, rejection.Details);
        var problem = RejectionProblems.For(rejection);
        Assert.Equal(402, problem.Status);
        Assert.Equal((9_000L, 10_000L, 2_400L), ((long)problem.Extensions!["used"]!, (long)problem.Extensions["limit"]!, (long)problem.Extensions["requested"]!));
    }

    [Fact]
    public async Task Validator_refusal_of_another_body_is_an_idempotency_conflict()
    {
        var workflow = new ClipWorkflow(ClipTestData.Input());
        var refused = Assert.Throws<ApplicationFailureException>(() => workflow.ValidateAdmit(new AdmitRequest(ClipTestData.JobId, "sha256:other")));
        _temporal.UpdateWithStart = _ => _temporal.UpdateFailed(refused);

        var rejection = (await Gateway().AdmitAsync(ClipTestData.Input(), Ct)).Rejection!;

        Assert.Equal(ClipErrors.IdempotencyConflict, rejection.ErrorType);
        Assert.Equal(422, RejectionProblems.For(rejection).Status);
    }

    [Fact]
    public async Task Admission_nobody_answers_is_unavailable_once_the_whole_timeout_passed_not_after_one_poll()
    {
        _temporal.UpdateWithStart = input => _temporal.NeverAnswered(input.Options.Rpc);
        var admit = Gateway(timeoutSeconds: 0.3).AdmitAsync(ClipTestData.Input(), Ct);

        // Before the fix only the per-RPC timeout was set: the SDK polled again and again, forever.
        var e = await Assert.ThrowsAsync<JobRunnerUnavailableException>(() => admit.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.IsType<WorkflowUpdateRpcTimeoutOrCanceledException>(e.InnerException);
    }

    [Fact]
    public async Task Closed_admitted_job_answers_from_its_row()
    {
        _temporal.UpdateWithStart = ScriptedTemporal.AlreadyClosed;
        _rows.Add(Row(["data_1", "data_2"]));

        var outcome = await Gateway().AdmitAsync(ClipTestData.Input(), Ct);

        Assert.Equal(new JobSummary(ClipTestData.JobId, JobStatus.Running, "cog_clip", ClipTestData.OrganizationId), outcome.Admitted!.Job);
        Assert.Equal(["data_1", "data_2"], outcome.Admitted.AssetKeys);
        Assert.Equal($"Workflow of job {ClipTestData.JobId} already closed; answering from its outcome", Logged("Closed").Message);
    }

    [Fact]
    public async Task Closed_job_whose_history_never_comes_is_unavailable_when_the_deadline_fires()
    {
        _temporal.UpdateWithStart = ScriptedTemporal.AlreadyClosed;
        _temporal.HistoryNeverAnswered = true;

        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            Gateway(timeoutSeconds: 0.3).AdmitAsync(ClipTestData.Input(), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Closed_job_that_completed_without_a_row_is_a_fault_that_names_the_job()
    {
        _temporal.UpdateWithStart = ScriptedTemporal.AlreadyClosed;
        _temporal.ClosedRun = (ClipTestData.Input(), ScriptedTemporal.Completed(new ClipJobState(ClipTestData.JobId, ClipTestData.OrganizationId, JobStatus.Completed, [], [], null)));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Gateway().AdmitAsync(ClipTestData.Input(), Ct));
        Assert.Equal($"Workflow of job {ClipTestData.JobId} closed without a job row or an admission failure.", e.Message);
    }

    [Fact]
    public async Task Joined_workflow_that_closed_before_taking_the_update_answers_from_its_row()
    {
        _temporal.UpdateWithStart = _ => throw new RpcException(RpcException.StatusCode.NotFound, "workflow execution already completed", null);
        _rows.Add(Row(["data_1"]));

        var outcome = await Gateway().AdmitAsync(ClipTestData.Input(), Ct);

        Assert.Equal(["data_1"], outcome.Admitted!.AssetKeys);
    }

    [Fact]
    public async Task Closed_refused_job_answers_the_same_refusal_with_its_quota_numbers()
    {
        _temporal.UpdateWithStart = ScriptedTemporal.AlreadyClosed;
        _temporal.ClosedRun = (ClipTestData.Input(), ScriptedTemporal.FailedWith(
            JobFailures.ToApplicationFailure(new JobFailure(ClipErrors.QuotaExceeded, "Quota exceeded.", Quota), cause: null)));

        var rejection = (await Gateway().AdmitAsync(ClipTestData.Input(), Ct)).Rejection!;

        Assert.Equal(ClipErrors.QuotaExceeded, rejection.ErrorType);
        Assert.Equal(Quota, rejection.Details);
    }

    [Fact]
    public async Task Closed_refused_job_asked_with_another_body_is_an_idempotency_conflict_not_the_old_refusal()
    {
        _temporal.UpdateWithStart = ScriptedTemporal.AlreadyClosed;
        _temporal.ClosedRun = (ClipTestData.Input(), ScriptedTemporal.FailedWith(
            JobFailures.ToApplicationFailure(new JobFailure(ClipErrors.NoRasterAssets, "No raster assets."), cause: null)));

        var rejection = (await Gateway().AdmitAsync(ClipTestData.Input() with { RequestFingerprint = "sha256:other-body" }, Ct)).Rejection!;

        Assert.Equal(422, RejectionProblems.For(rejection).Status);
    }

    [Fact]
    public async Task Closed_job_cancelled_before_admission_reads_as_cancelled()
    {
        _temporal.UpdateWithStart = ScriptedTemporal.AlreadyClosed;
        _temporal.ClosedRun = (ClipTestData.Input(), ScriptedTemporal.Cancelled());

        var rejection = (await Gateway().AdmitAsync(ClipTestData.Input(), Ct)).Rejection!;

        Assert.Equal(JobFailures.CancelledType, rejection.ErrorType);
        Assert.Equal(409, RejectionProblems.For(rejection).Status);
    }

    [Fact]
    public async Task A_retried_request_sends_the_same_update_id_and_another_body_another()
    {
        var sent = new List<string?>();
        _temporal.UpdateWithStart = input =>
        {
            sent.Add(input.Options.Id);
            return _temporal.Admitted(ClipTestData.Admission(1));
        };
        await Gateway().AdmitAsync(ClipTestData.Input(), Ct);
        await Gateway().AdmitAsync(ClipTestData.Input(), Ct);
        await Gateway().AdmitAsync(ClipTestData.Input() with { RequestFingerprint = "sha256:other-body" }, Ct);

        Assert.Equal(JobIdentity.AdmitUpdateId(ClipTestData.JobId, ClipTestData.Input().RequestFingerprint), sent[0]);
        Assert.Equal(sent[0], sent[1]);
        Assert.NotEqual(sent[0], sent[2]);
        Assert.StartsWith("admit-", sent[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_update_whose_workflow_closed_first_answers_from_the_closed_run_not_500()
    {
        // Newer servers fail an accepted update whose workflow closed before completing it with
        // this application failure (temporalio/temporal service/history/workflow/update/abort_reason.go,
        // acceptedUpdateCompletedWorkflowFailure); it reaches the client as WorkflowUpdateFailedException.
        var closedFirst = new ApplicationFailureException(
            "Workflow Update failed because the Workflow completed before the Update completed.", TemporalCalls.AcceptedUpdateCompletedWorkflow, nonRetryable: true);
        _temporal.UpdateWithStart = _ => _temporal.UpdateFailed(closedFirst);
        _temporal.ClosedRun = (ClipTestData.Input(), ScriptedTemporal.FailedWith(
            JobFailures.ToApplicationFailure(new JobFailure(ClipErrors.QuotaExceeded, "Quota exceeded.", Quota), cause: null)));

        var refused = (await Gateway().AdmitAsync(ClipTestData.Input(), Ct)).Rejection!;
        Assert.Equal(402, RejectionProblems.For(refused).Status);

        _rows.Add(Row(["data_1"]));
        var admitted = await Gateway().AdmitAsync(ClipTestData.Input(), Ct);
        Assert.Equal(["data_1"], admitted.Admitted!.AssetKeys);
    }

    [Fact]
    public async Task A_namespace_without_the_search_attributes_is_a_503_that_started_nothing()
    {
        // The server refuses the start with INVALID_ARGUMENT (temporalio/temporal
        // common/searchattribute/mapper.go); the SDK rebuilds that status from the update-with-start's
        // MultiOperationExecutionFailure and throws it (sdk-dotnet src/Temporalio/Client/TemporalClient.Workflow.cs).
        const string refusal = "Namespace default has no mapping defined for search attribute ClipOrganizationId";
        var status = new Temporalio.Api.Common.V1.GrpcStatus { Code = (int)RpcException.StatusCode.InvalidArgument, Message = refusal };
        _temporal.UpdateWithStart = _ => throw new RpcException(RpcException.StatusCode.InvalidArgument, refusal, Google.Protobuf.MessageExtensions.ToByteArray(status));

        var e = await Assert.ThrowsAsync<JobRunnerUnavailableException>(() => Gateway().AdmitAsync(ClipTestData.Input(), Ct));

        Assert.Equal(RunnerUnavailability.NotPrepared, e.Unavailability);
        Assert.Contains("ClipOrganizationId", e.Message, StringComparison.Ordinal);
        var logged = Logged("NotPrepared");
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.StartsWith($"Temporal refused to start job {ClipTestData.JobId}: its namespace lacks the search attribute ClipOrganizationId", logged.Message, StringComparison.Ordinal);
        var problem = Host.Api.Problems.ProblemCatalog.BackendUnavailable(5, creating: true, e.Unavailability);
        Assert.Equal(503, problem.Status);
        Assert.Contains("nothing was started or reserved", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_invalid_argument_is_not_mistaken_for_a_missing_search_attribute()
    {
        _temporal.UpdateWithStart = _ => throw new RpcException(RpcException.StatusCode.InvalidArgument, "WorkflowId length exceeds limit.", null);
        await Assert.ThrowsAsync<RpcException>(() => Gateway().AdmitAsync(ClipTestData.Input(), Ct));
    }

    [Fact]
    public void A_create_that_got_no_answer_says_the_job_may_have_been_admitted()
    {
        var create = Host.Api.Problems.ProblemCatalog.BackendUnavailable(5, creating: true, RunnerUnavailability.NoAnswer);
        Assert.Contains("may or may not have been admitted", create.Detail, StringComparison.Ordinal);
        Assert.Contains("same Idempotency-Key", create.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was reserved", create.Detail, StringComparison.Ordinal);
        var read = Host.Api.Problems.ProblemCatalog.BackendUnavailable(5, creating: false, RunnerUnavailability.NoAnswer);
        Assert.DoesNotContain("Idempotency-Key", read.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_of_an_unknown_workflow_is_null_and_of_an_unreachable_server_is_unavailable()
    {
        _temporal.Query = _ => throw new RpcException(RpcException.StatusCode.NotFound, "workflow not found", null);
        Assert.Null(await Gateway().GetStateAsync(ClipTestData.WorkflowId, Ct));

        _temporal.Query = _ => throw new WorkflowQueryFailedException("task failing");
        Assert.Null(await Gateway().GetStateAsync(ClipTestData.WorkflowId, Ct));
        Assert.Equal($"GetState query of {ClipTestData.WorkflowId} failed; answering from the job row: task failing", Logged("QueryFailed").Message);

        _temporal.Query = _ => throw new RpcException(RpcException.StatusCode.Unavailable, "connection refused", null);
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() => Gateway().GetStateAsync(ClipTestData.WorkflowId, Ct));
    }

    [Fact]
    public async Task State_query_nobody_answers_is_unavailable_when_the_deadline_fires()
    {
        // Whichever comes first: the RPC's own timeout (DeadlineExceeded) or the call's token.
        _temporal.Query = async input =>
        {
            var rpc = input.Options!.Rpc!;
            await Task.Delay(rpc.Timeout ?? Timeout.InfiniteTimeSpan, rpc.CancellationToken ?? CancellationToken.None);
            throw new RpcException(RpcException.StatusCode.DeadlineExceeded, "context deadline exceeded", null);
        };
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            Gateway(timeoutSeconds: 0.2).GetStateAsync(ClipTestData.WorkflowId, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Cancel_of_a_closed_workflow_is_not_an_error_but_an_unreachable_server_is()
    {
        _temporal.CancelFailure = new RpcException(RpcException.StatusCode.NotFound, "workflow execution already completed", null);
        await Gateway().CancelAsync(ClipTestData.WorkflowId, Ct);
        Assert.Equal([ClipTestData.WorkflowId], _temporal.CancelRequests);

        _temporal.CancelFailure = new RpcException(RpcException.StatusCode.Unavailable, "connection refused", null);
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() => Gateway().CancelAsync(ClipTestData.WorkflowId, Ct));
    }

    [Fact]
    public async Task Waiting_for_a_cancelled_workflow_to_close_sees_it_closed_or_gives_up_at_the_bound()
    {
        // GetResultAsync long-polls the close event; a cancelled run ends in WorkflowExecutionCanceled.
        _temporal.ClosedRun = (ClipTestData.Input(), ScriptedTemporal.Cancelled());
        Assert.True(await Gateway().WaitClosedAsync(ClipTestData.WorkflowId, TimeSpan.FromSeconds(5), Ct));

        _temporal.ClosedRun = null;
        _temporal.StillRunning = true;
        var started = DateTime.UtcNow;
        // The wait's own bound, not the (much longer) admission timeout, ends it.
        Assert.False(await Gateway(timeoutSeconds: 120).WaitClosedAsync(ClipTestData.WorkflowId, TimeSpan.FromMilliseconds(300), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250));
        Assert.Equal($"Workflow {ClipTestData.WorkflowId} had not closed 0.3 s after its cancellation was requested", Logged("StillOpen").Message);

        _temporal.StillRunning = false; // gone past retention: NOT_FOUND
        Assert.True(await Gateway().WaitClosedAsync(ClipTestData.WorkflowId, TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task Waiting_for_a_completed_workflow_sees_it_closed_and_a_caller_who_left_is_not_told_it_is_still_open()
    {
        _temporal.ClosedRun = (ClipTestData.Input(), ScriptedTemporal.Completed(new ClipJobState(ClipTestData.JobId, ClipTestData.OrganizationId, JobStatus.Completed, [], [], null)));
        Assert.True(await Gateway().WaitClosedAsync(ClipTestData.WorkflowId, TimeSpan.FromSeconds(5), Ct));

        _temporal.ClosedRun = null;
        _temporal.StillRunning = true;
        using var left = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Gateway().WaitClosedAsync(ClipTestData.WorkflowId, TimeSpan.FromSeconds(60), left.Token).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Name == "StillOpen");
    }

    [Fact]
    public async Task A_cancel_nobody_answers_is_unavailable_when_the_deadline_fires()
    {
        _temporal.CancelNeverAnswered = true;
        await Assert.ThrowsAsync<JobRunnerUnavailableException>(() =>
            Gateway(timeoutSeconds: 0.3).CancelAsync(ClipTestData.WorkflowId, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    private static JobRecord Row(IReadOnlyList<string> assetKeys) => new(
        ClipTestData.JobId, ClipTestData.OrganizationId, "proj_42", "cog_clip", JobStatus.Completed, "{}", ClipTestData.AoiGeoJson,
        assetKeys, [], null, ClipTestData.WorkflowId, ClipTestData.Bucket, 2_400, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
