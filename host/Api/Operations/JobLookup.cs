using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>Finds the caller's job for the job-scoped operations: validates <c>job_id</c>, and
/// answers 404 for a job of another organization exactly as for one that does not exist.</summary>
public sealed class JobLookup(IJobStore jobs)
{
    public const string NotCompletedMeaning = "The job has not completed (`job-not-completed`, with `job_status`); poll `clip.job.get`.";

    public static readonly OperationAnswer NotFoundAnswer =
        new(404, "No such job in your organization (`job-not-found`); a job of another organization answers the same.");

    /// <summary>Reads <c>job_id</c> plus the operation's other fields (validated by
    /// <paramref name="readOthers"/>), then loads the job.</summary>
    public async Task<JobRecord> RequireAsync(OpCall call, IReadOnlyCollection<string> otherFields, Action<JsonFields> readOthers)
    {
        var fields = new JsonFields(call.Body, ["job_id", .. otherFields]);
        var jobId = fields.Uuid("job_id", required: true);
        readOthers(fields);
        fields.ThrowIfInvalid();
        return await jobs.GetAsync(call.OrganizationId, jobId!, call.Aborted)
            ?? throw new ApiProblemException(ProblemCatalog.JobNotFound(jobId!));
    }

    public Task<JobRecord> RequireAsync(OpCall call) => RequireAsync(call, [], _ => { });

    /// <summary>Outputs exist only once the job completed (spec: 400 before).</summary>
    public static JobRecord RequireCompleted(JobRecord job) =>
        job.Status == JobStatus.Completed ? job : throw new ApiProblemException(ProblemCatalog.JobNotCompleted(job.Id, job.Status));

    public static ClipArtifact RequireArtifact(JobRecord job, string? mosaicType)
    {
        var artifact = mosaicType is null ? (job.OutputArtifacts.Count > 0 ? job.OutputArtifacts[0] : null)
            : job.OutputArtifacts.FirstOrDefault(a => a.MosaicType == mosaicType);
        return artifact ?? throw new ApiProblemException(ProblemCatalog.NotFound(
            $"Job '{job.Id}' has no output of mosaic type '{mosaicType}'. Its outputs: "
            + string.Join(", ", job.OutputArtifacts.Select(a => a.MosaicType)) + " (see clip.job.downloads)."));
    }
}
