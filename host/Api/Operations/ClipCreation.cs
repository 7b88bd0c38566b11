using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>What the two create operations share: read the Idempotency-Key, validate the body
/// (the source id field, its filter list, the common fields), build the job input, admit.</summary>
public static class ClipCreation
{
    /// <summary>What a create operation answers; <paramref name="source"/> names what it clips.</summary>
    public static IReadOnlyList<OperationAnswer> Answers(string source, string owners) =>
    [
        new(200, "The job is admitted (assets resolved, credits reserved) and running; poll `clip.job.get`."),
        new(400, $"No or an invalid Idempotency-Key (`idempotency-key-required`, `idempotency-key-invalid`); an invalid AOI (`invalid-aoi`), "
            + "or one outside an asset's raster or under one of its pixels (`invalid-aoi` with `code` `AoiOutsideRaster` or `InvalidAoi`, naming the asset); "
            + "an asset whose raster the engine refuses, e.g. a CRS with no transformation to WGS 84 (`invalid-raster`, naming the asset); "
            + $"an unknown {source} or project (`unknown-reference`); nothing to clip (`no-raster-assets`); a project without storage bucket (`no-storage-bucket`); "
            + "more raster assets than one job clips (`too-many-assets`, with `assets`, `limit`)."),
        new(402, "The clip would exceed your compute quota (`quota-exceeded`, with `used`, `limit`, `requested`)."),
        new(403, $"{char.ToUpperInvariant(owners[0])}{owners[1..]} belongs to another organization (`forbidden-resource`)."),
        new(409, "The job of this Idempotency-Key was cancelled before admission (`job-cancelled`); send it with a new key."),
        new(422, "This Idempotency-Key was used for another request (`idempotency-key-reused`)."),
        new(503, "The job scheduler did not answer (`service-unavailable`); send the same request with the same key after `Retry-After` to learn the outcome."),
    ];

    public static Task<IResult> HandleAsync(
        IdempotentAdmission admission, OpCall call, string sourceField, string filterField, Func<string, ClipSource> source)
    {
        var key = IdempotentAdmission.RequireKey(call);
        var fields = new JsonFields(call.Body, [sourceField, filterField, .. CreateRequestFields.Names]);
        var sourceId = fields.ResourceId(sourceField, required: true);
        var filter = fields.StringArray(filterField, ClipRequestRules.MaxAssetKeys, ClipRequestRules.MaxKeyLength, ClipRequestRules.KeyProblem);
        var common = CreateRequestFields.ReadAndValidate(fields);
        return admission.AdmitAsync(call, key, (jobId, fingerprint) => new ClipJobInput(
            jobId, call.OrganizationId, key, fingerprint, source(sourceId!), common.ProjectId, common.AoiGeoJson,
            filter, common.AoiName, common.OutputName, common.TargetCollectionId, call.Body.GetRawText()));
    }
}
