using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>What the two create operations share: read the Idempotency-Key, validate the body
/// (the source id field, its filter list, the common fields), build the job input, admit.</summary>
public static class ClipCreation
{
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
