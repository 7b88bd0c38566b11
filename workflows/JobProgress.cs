using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Workflows;

/// <summary>Per-asset warp statuses as the workflow sees them. The workflow knows when it issues a
/// warp and when it ends, not when a worker picks it up; the live fraction of a running warp is in
/// its heartbeat details (<see cref="WarpProgress"/>), which DescribeWorkflow's pending activities
/// expose.</summary>
public static class AssetStatus
{
    public const string Scheduled = "scheduled";   // admitted, waiting for one of the job's warp slots
    public const string Running = "running";       // warp activity issued to the warp task queue
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// The job state the workflow keeps for its <c>GetState</c> query: a small state machine fed by the
/// run method, with no Temporal calls, so it is unit-tested directly.
/// </summary>
public sealed class JobProgress(string jobId, string organizationId)
{
    private readonly List<AssetProgress> _assets = [];
    private readonly Dictionary<string, ClipArtifact> _artifacts = new(StringComparer.Ordinal);

    public string Status { get; private set; } = JobStatus.Admitting;
    public JobFailure? Failure { get; private set; }
    public int TotalWarps => _assets.Count;
    public int FinishedWarps => _assets.Count(a => a.Status == AssetStatus.Completed);

    /// <summary>Admission recorded: the job runs and every asset waits for its warp.</summary>
    public void Admitted(IReadOnlyList<SourceAsset> sourceAssets, IReadOnlyList<string> mosaicTypes)
    {
        if (sourceAssets.Count != mosaicTypes.Count)
            throw new ArgumentException("One mosaic type per asset is required.", nameof(mosaicTypes));
        RequireStatus(JobStatus.Admitting);
        _assets.Clear();
        _assets.AddRange(sourceAssets.Select((a, i) => new AssetProgress(a.Key, mosaicTypes[i], AssetStatus.Scheduled, 0)));
        Status = JobStatus.Running;
    }

    public void WarpStarted(string assetKey) => SetAsset(assetKey, AssetStatus.Running, 0);

    public void WarpCompleted(string assetKey, ClipArtifact artifact)
    {
        SetAsset(assetKey, AssetStatus.Completed, 1);
        _artifacts[assetKey] = artifact;
    }

    public void WarpEnded(string assetKey, bool cancelled) =>
        SetAsset(assetKey, cancelled ? AssetStatus.Cancelled : AssetStatus.Failed, 0);

    /// <summary>Outputs registered: the job is complete.</summary>
    public void Completed()
    {
        RequireStatus(JobStatus.Running);
        Status = JobStatus.Completed;
    }

    /// <summary>The job ended without outputs (rejected, failed or cancelled). Partial outputs are
    /// deleted by compensation, so none are reported.</summary>
    public void Ended(string status, JobFailure failure)
    {
        if (status is not (JobStatus.Rejected or JobStatus.Failed or JobStatus.Cancelled))
            throw new ArgumentException($"'{status}' is not an unsuccessful end.", nameof(status));
        if (JobStatus.IsTerminal(Status))
            throw new InvalidOperationException($"Job already ended as {Status}.");
        Status = status;
        Failure = failure;
        _artifacts.Clear();
        for (var i = 0; i < _assets.Count; i++)
        {
            if (_assets[i].Status is AssetStatus.Scheduled or AssetStatus.Running)
                _assets[i] = _assets[i] with { Status = AssetStatus.Cancelled };
        }
    }

    /// <summary>Artifacts in asset order (stable whatever order the warps finished in).</summary>
    public IReadOnlyList<ClipArtifact> Artifacts() =>
        [.. _assets.Where(a => _artifacts.ContainsKey(a.AssetKey)).Select(a => _artifacts[a.AssetKey])];

    public ClipJobState Snapshot() => new(jobId, organizationId, Status, [.. _assets], Artifacts(), Failure);

    private void SetAsset(string assetKey, string status, double fraction)
    {
        var index = _assets.FindIndex(a => a.AssetKey == assetKey);
        if (index < 0)
            throw new ArgumentException($"Asset '{assetKey}' is not part of this job.", nameof(assetKey));
        _assets[index] = _assets[index] with { Status = status, Fraction = fraction };
    }

    private void RequireStatus(string expected)
    {
        if (Status != expected)
            throw new InvalidOperationException($"Job is {Status}, expected {expected}.");
    }
}
