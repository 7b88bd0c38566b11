namespace Geopera.Clip.Workflows.Contracts;

/// <summary>Input of resolve-assets.</summary>
public sealed record ResolveAssetsInput(
    string OrganizationId,
    ClipSource Source,
    string ProjectId,
    IReadOnlyList<string>? AssetKeys,
    string AoiGeoJson);

/// <summary>One raster to warp. <paramref name="MosaicType"/> is the asset's explicit mosaic type
/// (null when the asset has none); <paramref name="BandNames"/> its declared band names (e.g. from
/// eo:bands), used by <see cref="MosaicTypes"/> to derive one.</summary>
public sealed record SourceAsset(
    string Key,
    string Href,
    string? MediaType,
    string? MosaicType,
    IReadOnlyList<string> BandNames);

/// <summary>Output of resolve-assets: the rasters to clip, where outputs go, and what it costs.</summary>
/// <param name="Assets">Raster assets, in a stable order (by key).</param>
/// <param name="OutputBucket">Storage bucket of the output project.</param>
/// <param name="SourceProjectId">The project that owns the source item or area.</param>
/// <param name="ComputeUnits">Units to reserve, from <c>ComputeUnits.ForClip</c>.</param>
public sealed record ResolvedAssets(
    IReadOnlyList<SourceAsset> Assets,
    string OutputBucket,
    string SourceProjectId,
    long ComputeUnits);

/// <summary>Input of reserve-credits. Creates the job row (cog_clip, running), the reservation in
/// the ledger and the idempotency key, in one transaction, once per job.</summary>
public sealed record ReserveCreditsInput(
    string JobId,
    string WorkflowId,
    ClipJobInput Job,
    ResolvedAssets Resolved);

/// <summary>Output of reserve-credits.</summary>
public sealed record CreditReservation(string JobId, long Units, long Used, long Limit);

/// <summary>Input of warp: one asset of one job. The AOI is not in it: the warp reads it from the
/// job row reserve-credits wrote, so a job's history holds the AOI once (in the workflow input)
/// instead of once per asset. <paramref name="AoiGeoJson"/> is set only in inputs scheduled before
/// that change (still in running jobs' histories, and retried from them); the warp uses it when present.</summary>
public sealed record WarpInput(
    string JobId,
    SourceAsset Asset,
    string MosaicType,
    string OutputBucket,
    string OutputName,
    string? AoiGeoJson = null);

/// <summary>One output file. <c>GcsPath</c> is the object key inside the output bucket,
/// <c>clips/{job_id}/{output_name}_{mosaic_type}.tif</c>.</summary>
public sealed record ClipArtifact(
    string MosaicType,
    string Filename,
    long SizeBytes,
    string GcsPath,
    string Checksum,
    string? QuicklookPath);

/// <summary>Heartbeat details of a running warp: GDAL's last progress fraction and what the warp is
/// doing now (<see cref="WarpStages"/>). <paramref name="Stage"/> came later and is optional, so
/// heartbeats of either shape decode into this record.</summary>
public sealed record WarpProgress(string MosaicType, double Fraction, string? Stage = null);

/// <summary>What a running warp is doing, as its heartbeat says.</summary>
public static class WarpStages
{
    public const string WaitingForSlot = "waiting-for-slot";
    public const string Warping = "warping";
    public const string Quicklook = "quicklook";
    public const string Uploading = "uploading";
    public const string Checksum = "checksum";
}

/// <summary>Input of register-artifacts: record outputs, register them into the target collection,
/// commit the used credits, mark the job completed.</summary>
public sealed record RegisterArtifactsInput(
    string JobId,
    string OrganizationId,
    string ProjectId,
    string? TargetCollectionId,
    string OutputName,
    IReadOnlyList<ClipArtifact> Artifacts);

/// <summary>Input of delete-outputs: remove every object under <c>clips/{job_id}/</c>.</summary>
public sealed record DeleteOutputsInput(string JobId, string OutputBucket);

/// <summary>Input of close-job: release the reservation and record the job as failed or cancelled.</summary>
public sealed record CloseJobInput(string JobId, string OrganizationId, string Status, string Reason);
