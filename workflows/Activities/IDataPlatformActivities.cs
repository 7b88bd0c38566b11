using Geopera.Clip.Workflows.Contracts;
using Temporalio.Activities;

namespace Geopera.Clip.Workflows.Activities;

/// <summary>Light activities against the data platform (PostgreSQL); main task queue.</summary>
public interface IDataPlatformActivities
{
    /// <summary>Resolve the raster assets to clip and check ownership; non-retryable
    /// <see cref="ClipErrors"/> failures for bad requests.</summary>
    [Activity(ActivityNames.ResolveAssets)]
    Task<ResolvedAssets> ResolveAssetsAsync(ResolveAssetsInput input);

    /// <summary>Reserve credits and create the job row, once per job however often retried.</summary>
    [Activity(ActivityNames.ReserveCredits)]
    Task<CreditReservation> ReserveCreditsAsync(ReserveCreditsInput input);

    /// <summary>Record artifacts, register them into the target collection, commit credits,
    /// mark the job completed. Idempotent.</summary>
    [Activity(ActivityNames.RegisterArtifacts)]
    Task RegisterArtifactsAsync(RegisterArtifactsInput input);

    /// <summary>Release the reservation and record the job as failed or cancelled. Idempotent.</summary>
    [Activity(ActivityNames.CloseJob)]
    Task CloseJobAsync(CloseJobInput input);
}

/// <summary>The CPU-heavy warp; warp task queue.</summary>
public interface IWarpActivities
{
    /// <summary>Warp one asset to a COG cropped to the AOI and upload it; heartbeats
    /// <see cref="WarpProgress"/>.</summary>
    [Activity(ActivityNames.Warp)]
    Task<ClipArtifact> WarpAsync(WarpInput input);
}

/// <summary>Storage clean-up; main task queue.</summary>
public interface IStorageActivities
{
    /// <summary>Delete every object under <c>clips/{job_id}/</c>. Idempotent.</summary>
    [Activity(ActivityNames.DeleteOutputs)]
    Task DeleteOutputsAsync(DeleteOutputsInput input);
}

/// <summary>Activity type names as they appear in histories and the Temporal UI. Renaming one
/// breaks replay of running jobs.</summary>
public static class ActivityNames
{
    public const string ResolveAssets = "ResolveAssets";
    public const string ReserveCredits = "ReserveCredits";
    public const string Warp = "Warp";
    public const string RegisterArtifacts = "RegisterArtifacts";
    public const string CloseJob = "CloseJob";
    public const string DeleteOutputs = "DeleteOutputs";
}
