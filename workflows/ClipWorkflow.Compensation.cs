using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Geopera.Clip.Workflows;

public partial class ClipWorkflow
{
    /// <summary>Ends a job that stopped short: answers a pending admission, undoes what
    /// <see cref="CompensationPlan"/> says, records the final status, and returns what the run
    /// method throws (a cancellation, so Temporal records the workflow as cancelled, or a
    /// non-retryable failure of the job's failure type).</summary>
    private async Task<Exception> StopAsync(Exception error, ResolvedAssets? resolved)
    {
        var cancelled = Workflow.CancellationToken.IsCancellationRequested;
        var failure = cancelled ? JobFailures.Cancelled : JobFailures.Describe(error);
        var plan = CompensationPlan.For(_stage, failure, cancelled, JobFailures.IsAdmissionRejection(error));
        if (!_admission.IsDecided)
            _admission.Refuse(failure);
        if (plan.Compensates)
            await CompensateAsync(plan, resolved);
        _progress.Ended(plan.Status, plan.Failure);
        SetStatus(plan.Status);
        Workflow.CurrentDetails = $"Ended {plan.Status}: {plan.Reason}";
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, CancellationToken.None);
        return cancelled
            ? new OperationCanceledException(plan.Reason, error)
            : JobFailures.ToApplicationFailure(failure, error);
    }

    /// <summary>Runs in its own cancellation scope: a cancelled workflow still deletes outputs and
    /// releases credits. Each step is attempted even when the other gave up, and a step that gives
    /// up is logged for an operator (the activities retry without limit, so that takes a
    /// non-retryable error).</summary>
    private async Task CompensateAsync(CompensationPlan plan, ResolvedAssets? resolved)
    {
        using var detached = new CancellationTokenSource();
        if (plan.DeleteOutputs && resolved is not null)
        {
            Workflow.CurrentDetails = "Compensating: deleting partial outputs.";
            await AttemptAsync("delete-outputs", Workflow.ExecuteActivityAsync(
                (IStorageActivities a) => a.DeleteOutputsAsync(new DeleteOutputsInput(_input.JobId, resolved.OutputBucket)),
                ActivityPolicies.Compensation($"delete partial outputs of job {_input.JobId}", detached.Token)));
        }
        if (plan.CloseJob)
        {
            Workflow.CurrentDetails = "Compensating: releasing credits and recording the job's end.";
            await AttemptAsync("close-job", Workflow.ExecuteActivityAsync(
                (IDataPlatformActivities a) => a.CloseJobAsync(new CloseJobInput(_input.JobId, _input.OrganizationId, plan.Status, plan.Reason)),
                ActivityPolicies.Compensation($"close job as {plan.Status}", detached.Token)));
        }
    }

    private async Task AttemptAsync(string step, Task compensation)
    {
        try
        {
            await compensation;
        }
        catch (ActivityFailureException e)
        {
            LogCompensationGaveUp(Workflow.Logger, e, step, _input.JobId);
        }
    }

    // LoggerMessage.Define rather than the source generator: this project sees only the logging
    // abstractions the Temporal SDK brings, which predate the generator.
    private static readonly Action<ILogger, string, string, Exception?> LogCompensationGaveUpMessage = LoggerMessage.Define<string, string>(
        LogLevel.Error, new EventId(3001, "CompensationGaveUp"),
        "Compensation step {Step} of clip job {JobId} gave up; clean up by hand (outputs under clips/<job id>/, reservation in the ledger)");

    private static void LogCompensationGaveUp(ILogger logger, Exception exception, string step, string jobId) =>
        LogCompensationGaveUpMessage(logger, step, jobId, exception);
}
