namespace Geopera.Clip.Activities.Storage;

/// <summary>Where a job's outputs live in its output bucket: every object under <c>clips/{job_id}/</c>.</summary>
public static class JobOutputs
{
    /// <summary>The listing prefix of a job's outputs (with the trailing slash, so job "a" never matches "ab").</summary>
    public static string Prefix(string jobId)
    {
        ValidateJobId(jobId);
        return $"clips/{jobId}/";
    }

    /// <summary>A job id is a lowercase hyphenated UUID, as <c>JobIdentity.JobId</c> makes them.</summary>
    public static bool IsValidJobId(string? jobId) =>
        jobId is { Length: 36 } && Guid.TryParseExact(jobId, "D", out var parsed) && parsed.ToString("D") == jobId;

    public static void ValidateJobId(string? jobId)
    {
        if (!IsValidJobId(jobId))
            throw new ArgumentException($"Job id '{jobId}' is not a lowercase hyphenated UUID (e.g. 0b3c8f2e-6a0d-8f41-9d2a-5c7e1f4b2a90).", nameof(jobId));
    }
}
