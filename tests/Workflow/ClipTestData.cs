using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>Inputs and activity results of a plausible clip job, shared by the workflow tests.</summary>
public static class ClipTestData
{
    public const string OrganizationId = "org_7f3a";
    public const string IdempotencyKey = "9b2e6c1d-create-from-item";
    public const string Fingerprint = "sha256:4e1f0c";
    public const string MainQueue = "clip-main";
    public const string WarpQueue = "clip-warp";
    public const string Bucket = "geopera-proj-42";
    public const string AoiGeoJson = """{"type":"Polygon","coordinates":[[[13.3,52.5],[13.4,52.5],[13.4,52.55],[13.3,52.5]]]}""";

    public static readonly string JobId = JobIdentity.JobId(OrganizationId, IdempotencyKey);
    public static readonly string WorkflowId = JobIdentity.WorkflowId(JobId);

    public static ClipJobInput Input(IReadOnlyList<string>? assetKeys = null) => new(
        JobId, OrganizationId, IdempotencyKey, Fingerprint, ClipSource.Item("item_s2_20261101"), "proj_42",
        AoiGeoJson, assetKeys, "Berlin Mitte", "berlin_mitte", "coll_9", """{"item_id":"item_s2_20261101"}""",
        WarpQueue);

    public static AdmitRequest Admit() => new(JobId, Fingerprint);

    /// <summary>Assets named data_1…data_n, all RGB, so mosaic types are rgb, rgb_2, ….</summary>
    public static ResolvedAssets Resolved(int assets) => new(
        [.. Enumerable.Range(1, assets).Select(i => new SourceAsset(
            $"data_{i}", $"gs://source/item_s2_20261101/data_{i}.tif", "image/tiff; application=geotiff; profile=cloud-optimized",
            null, ["red", "green", "blue"]))],
        Bucket, "proj_42", 1_200L * assets);

    public static CreditReservation Reservation(int assets) => new(JobId, 1_200L * assets, 5_000, 100_000);

    public static IReadOnlyList<string> MosaicTypesOf(int assets) => MosaicTypes.Assign(Resolved(assets).Assets);

    public static ClipArtifact Artifact(string mosaicType) => new(
        mosaicType, $"berlin_mitte_{mosaicType}.tif", 1_048_576, $"clips/{JobId}/berlin_mitte_{mosaicType}.tif",
        "sha256:0f3c", null);

    public static AdmissionResult Admission(int assets) => new(
        new JobSummary(JobId, JobStatus.Running, "cog_clip", OrganizationId), assets,
        [.. Resolved(assets).Assets.Select(a => a.Key)]);
}
