using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Workflows;

/// <summary>
/// The answer the <c>Admit</c> update gives: undecided until resolve-assets and reserve-credits
/// have run, then either the admitted job or the admission error — decided once, given to every
/// caller (a retried request with the same key gets the same answer).
/// </summary>
public sealed class Admission(ClipJobInput input)
{
    public const string JobType = "cog_clip";

    private AdmissionResult? _result;
    private JobFailure? _failure;

    public bool IsDecided => _result is not null || _failure is not null;
    public bool IsAdmitted => _result is not null;

    /// <summary>The job runs: {job{id, status running, job_type cog_clip, organization_id},
    /// assets_to_clip, asset_keys}.</summary>
    public void Admit(ResolvedAssets resolved)
    {
        RequireUndecided();
        _result = new AdmissionResult(
            new JobSummary(input.JobId, JobStatus.Running, JobType, input.OrganizationId),
            resolved.Assets.Count,
            [.. resolved.Assets.Select(a => a.Key)]);
    }

    /// <summary>The job will not run; the update fails with the failure's type (and quota details).</summary>
    public void Refuse(JobFailure why)
    {
        RequireUndecided();
        _failure = why;
    }

    /// <summary>The update's result, or the typed failure it throws.</summary>
    public AdmissionResult Outcome()
    {
        if (_result is not null)
            return _result;
        if (_failure is not null)
            throw JobFailures.ToApplicationFailure(_failure, cause: null);
        throw new InvalidOperationException("Admission is not decided yet.");
    }

    private void RequireUndecided()
    {
        if (IsDecided)
            throw new InvalidOperationException("Admission was already decided.");
    }
}
