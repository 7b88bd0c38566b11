namespace Geopera.Clip.Workflows.Contracts;

/// <summary>Job statuses as the API reports them.</summary>
public static class JobStatus
{
    public const string Admitting = "admitting";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Running, Completed, Failed, Cancelled];

    public static bool IsTerminal(string status) =>
        status is Completed or Failed or Cancelled or Rejected;
}

/// <summary>The job summary returned by admission.</summary>
public sealed record JobSummary(string Id, string Status, string JobType, string OrganizationId);

/// <summary>What <c>clip.create_from_item</c> answers once the job is admitted.</summary>
public sealed record AdmissionResult(JobSummary Job, int AssetsToClip, IReadOnlyList<string> AssetKeys);

/// <summary>Progress of one asset's warp.</summary>
public sealed record AssetProgress(string AssetKey, string MosaicType, string Status, double Fraction);

/// <summary>Why a job failed or was cancelled.</summary>
public sealed record JobFailure(string Type, string Message, IReadOnlyDictionary<string, long>? Details = null);

/// <summary>The job state the workflow's query returns.</summary>
public sealed record ClipJobState(
    string JobId,
    string OrganizationId,
    string Status,
    IReadOnlyList<AssetProgress> Assets,
    IReadOnlyList<ClipArtifact> OutputArtifacts,
    JobFailure? Failure);
