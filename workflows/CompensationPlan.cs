using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Workflows;

/// <summary>How far a job got before it stopped; decides what compensation must undo.</summary>
public enum JobStage
{
    /// <summary>resolve-assets running: nothing exists yet.</summary>
    Resolving,
    /// <summary>reserve-credits issued: a reservation and job row may exist.</summary>
    Reserving,
    /// <summary>Warps issued: outputs may exist in the bucket.</summary>
    Warping,
    /// <summary>register-artifacts issued: outputs exist, the job may be partly registered.</summary>
    Registering,
}

/// <summary>What to do when a job stops short of completion.</summary>
/// <param name="Status">The job's final status: rejected, failed or cancelled.</param>
/// <param name="Failure">Why, as the job and the API report it.</param>
/// <param name="DeleteOutputs">Remove everything under clips/{job_id}/.</param>
/// <param name="CloseJob">Release the reservation and record the job as failed/cancelled.</param>
public sealed record CompensationPlan(string Status, JobFailure Failure, bool DeleteOutputs, bool CloseJob)
{
    public bool Compensates => DeleteOutputs || CloseJob;

    /// <summary>
    /// Rules: an admission rejection (bad request, forbidden, quota) reserved nothing, so nothing is
    /// undone and the job is <c>rejected</c>. Otherwise, once reserve-credits was issued the
    /// reservation may exist (the activity may have committed before a timeout or cancellation), so
    /// close-job releases it — it is idempotent and a no-op without a reservation. Once warps were
    /// issued, outputs may exist and are deleted first, so a failed job never leaves files behind.
    /// </summary>
    public static CompensationPlan For(JobStage stage, JobFailure failure, bool cancelled, bool admissionRejection)
    {
        if (admissionRejection && !cancelled && stage <= JobStage.Reserving)
            return new CompensationPlan(JobStatus.Rejected, failure, DeleteOutputs: false, CloseJob: false);
        var status = cancelled ? JobStatus.Cancelled : JobStatus.Failed;
        return new CompensationPlan(status, failure,
            DeleteOutputs: stage >= JobStage.Warping,
            CloseJob: stage >= JobStage.Reserving);
    }

    /// <summary>The reason recorded on the job row, for the user and the operator.</summary>
    public string Reason => Failure.Type == JobFailures.CancelledType
        ? "Cancelled before completion; reserved credits were released."
        : $"{Failure.Type}: {Failure.Message}";
}
