using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Workflows;

/// <summary>
/// How big one job may be. Every asset adds a warp to the job's Temporal history (six events: its
/// schedule, start and completion and the workflow task that reacts; about 7 KB when its first
/// attempt failed, whose failure the start carries), and warps run at most
/// <see cref="ActivityPolicies.MaxParallelWarps"/> at a time, so the asset count bounds both the
/// history and how long a job holds its reservation. The largest job the ceiling allows (256
/// assets, the largest AOI and body, every warp retried once) records 1,563 events and 4.6 MB,
/// under half of Temporal's warning limits (10,240 events, 10 MB; LargestJobHistoryTests replays
/// it); the default keeps a job to 16 rounds of 4 warps.
/// </summary>
public static class JobLimits
{
    /// <summary>Assets per job unless <c>DataPlatform:MaxAssetsPerJob</c> says otherwise.</summary>
    public const int DefaultMaxAssets = 64;

    /// <summary>The most <c>DataPlatform:MaxAssetsPerJob</c> may be set to: 64 rounds of 4 warps,
    /// whose history (each warp retried once, the largest AOI) the replay tests measure.</summary>
    public const int MaxAssetsCeiling = 256;

    /// <summary>The refusal of a job that resolved to more assets than <paramref name="cap"/>
    /// (details <c>assets</c> and <c>limit</c>), or null when it fits.</summary>
    public static JobFailure? AssetCount(int assets, int cap) => assets <= cap
        ? null
        : new JobFailure(ClipErrors.TooManyAssets,
            $"The request resolves to {assets} raster assets; one job clips at most {cap}. " +
            "Name fewer with asset_keys (or mosaic_types) and send the rest as further jobs.",
            new Dictionary<string, long> { ["assets"] = assets, ["limit"] = cap });
}
