using System.Globalization;
using System.Text;
using System.Text.Json;
using Geopera.Clip.Host.Api;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Failure.V1;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// The largest job the service admits, every value at the size the API or the data platform
/// allows: <see cref="JobLimits.MaxAssetsCeiling"/> assets, an AOI of 1,500 vertices written out in
/// full double precision as the API re-writes it (500 triangles: closing positions are not counted
/// as vertices, so this is the most positions the validator lets through), a request body of
/// Api:MaxBodyBytes (kept raw in the job input), and names at their length limits.
/// </summary>
internal static class LargestJob
{
    public static int Assets => JobLimits.MaxAssetsCeiling;

    /// <summary>The AOI as the API stores it for the job: validated and re-written (AoiRule).</summary>
    public static string AoiGeoJson()
    {
        var polygons = Enumerable.Range(0, 500).Select(i =>
        {
            // Grid cells 0.01° apart; an offset of a few 1e-9 gives every coordinate 17 significant digits.
            var x = 151.0 + (i % 25) * 0.01 + i * 1.234567891e-9;
            var y = -33.9 + (i / 25) * 0.01 + i * 2.345678912e-9;
            return $"[[[{N(x)},{N(y)}],[{N(x + 0.005)},{N(y)}],[{N(x)},{N(y + 0.005)}],[{N(x)},{N(y)}]]]";
        });
        var raw = $$"""{"type":"MultiPolygon","coordinates":[{{string.Join(",", polygons)}}]}""";
        var check = AoiRule.Check(JsonDocument.Parse(raw).RootElement);
        Assert.Null(check.Problem);
        return check.GeoJson!;
    }

    /// <summary>The job input: the largest body (padded with the whitespace JSON allows up to
    /// Api:MaxBodyBytes), kept raw as <see cref="ClipJobInput.RequestJson"/>.</summary>
    public static ClipJobInput Input()
    {
        var aoi = AoiGeoJson();
        var id = new string('i', 128);
        var body = $$"""{"source_item_id":"{{id}}","project_id":"{{id}}","aoi_geometry":{{aoi}},"aoi_name":"{{new string('a', ClipRequestRules.MaxLabelLength)}}","output_name":"{{new string('o', ClipRequestRules.MaxOutputNameLength)}}","target_collection_id":"{{id}}"}""";
        var maxBody = (int)new ApiOptions().MaxBodyBytes;
        var padded = "{" + new string(' ', maxBody - Encoding.UTF8.GetByteCount(body)) + body[1..];
        return new ClipJobInput(
            ClipTestData.JobId, "org-" + new string('o', 124), new string('k', 255), ClipTestData.Fingerprint, ClipSource.Item(id), id,
            aoi, null, new string('a', ClipRequestRules.MaxLabelLength), new string('o', ClipRequestRules.MaxOutputNameLength), id,
            padded, ClipTestData.WarpQueue);
    }

    public static ResolvedAssets Resolved() => new(
        [.. Enumerable.Range(1, Assets).Select(i => new SourceAsset(
            $"{i:000}_" + new string('k', ClipRequestRules.MaxKeyLength - 4),
            $"gs://{new string('s', 63)}/collections/{new string('c', 64)}/items/{new string('i', 64)}/asset_{i:000}.tif",
            "image/tiff; application=geotiff; profile=cloud-optimized", null, ["red", "green", "blue"]))],
        new string('b', 63), new string('p', 128), 1_000_000);

    public static ClipArtifact Artifact(ClipJobInput input, string mosaicType)
    {
        var name = $"{input.OutputName}_{mosaicType}";
        return new ClipArtifact(mosaicType, name + ".tif", 2_147_483_648, $"clips/{input.JobId}/{name}.tif",
            "md5:" + new string('f', 32), $"clips/{input.JobId}/{name}.png");
    }

    /// <summary>The first attempt's failure a retried warp's ActivityTaskStarted carries: the server
    /// keeps at most 4 KB of it (limit.mutableStateActivityFailureSize.error, temporalio/temporal
    /// common/dynamicconfig/constants.go), so the largest is a failure of that size.</summary>
    public static Failure FirstAttemptFailure()
    {
        var failure = HistoryBuilder.ApplicationFailure(ClipErrors.StorageUnavailable,
            "Storage was unavailable while uploading clips/…: 503 Service Unavailable", nonRetryable: false);
        failure.StackTrace = string.Concat(Enumerable.Repeat(
            "   at Geopera.Clip.Activities.Storage.Gcs.GcsObjectStore.PutFileAsync(String bucket, String key, String path, CancellationToken ct)\n",
            4096 / 120));
        return failure;
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
