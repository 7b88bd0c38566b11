namespace Geopera.Clip.Workflows.Contracts;

/// <summary>
/// Everything a clip job needs, fixed when the job is created. The workflow id and job id are
/// derived from (OrganizationId, IdempotencyKey) by <see cref="JobIdentity"/>.
/// </summary>
/// <param name="JobId">Job id derived from the idempotency key.</param>
/// <param name="OrganizationId">The charged organization, always taken from the API key.</param>
/// <param name="IdempotencyKey">The caller's Idempotency-Key.</param>
/// <param name="RequestFingerprint">SHA-256 of the canonical request body; a second request with
/// the same key must carry the same fingerprint.</param>
/// <param name="Source">What to clip: an item's assets or a delivery area's mosaics.</param>
/// <param name="ProjectId">Project that receives the outputs.</param>
/// <param name="AoiGeoJson">The validated AOI, a GeoJSON Polygon or MultiPolygon in EPSG:4326.</param>
/// <param name="AssetKeys">Restrict to these asset keys (item) or mosaic types (area); null = all.</param>
/// <param name="AoiName">Label for the AOI.</param>
/// <param name="OutputName">Base name of the output files (already validated as a safe file name).</param>
/// <param name="TargetCollectionId">Collection to register the outputs into, if any.</param>
/// <param name="RequestJson">The request body as received, kept on the job row.</param>
/// <param name="WarpTaskQueue">Task queue of the warp workers (the API passes
/// <c>Temporal:WarpTaskQueue</c>); null = <c>ActivityPolicies.DefaultWarpTaskQueue</c>.</param>
public sealed record ClipJobInput(
    string JobId,
    string OrganizationId,
    string IdempotencyKey,
    string RequestFingerprint,
    ClipSource Source,
    string ProjectId,
    string AoiGeoJson,
    IReadOnlyList<string>? AssetKeys,
    string? AoiName,
    string OutputName,
    string? TargetCollectionId,
    string RequestJson,
    string? WarpTaskQueue = null);

/// <summary>Either a data-platform item (<c>clip.create_from_item</c>) or a delivery area
/// (<c>clip.create_from_area</c>). Exactly one id is set.</summary>
public sealed record ClipSource(string? ItemId, string? AreaId)
{
    public static ClipSource Item(string itemId) => new(itemId, null);
    public static ClipSource Area(string areaId) => new(null, areaId);
    public string Describe() => ItemId is not null ? $"item {ItemId}" : $"area {AreaId}";
}
