using System.Text.Json;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Host.Api.Problems;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>The fields both create operations share, validated.</summary>
public sealed record CreateRequestFields(string ProjectId, string AoiGeoJson, string? AoiName, string OutputName, string? TargetCollectionId)
{
    public static readonly string[] Names = ["project_id", "aoi_geometry", "aoi_name", "output_name", "target_collection_id"];

    /// <summary>Reads the shared fields, then throws one problem naming every invalid field
    /// (<paramref name="fields"/> already holds the operation's own). An AOI problem alone answers
    /// with the AOI validator's code.</summary>
    public static CreateRequestFields ReadAndValidate(JsonFields fields)
    {
        var projectId = fields.ResourceId("project_id", required: true);
        var aoiName = fields.String("aoi_name", required: false, ClipRequestRules.MaxLabelLength, ClipRequestRules.LabelProblem);
        var outputName = fields.String("output_name", required: false, ClipRequestRules.MaxOutputNameLength, ClipRequestRules.OutputNameProblem);
        var collectionId = fields.ResourceId("target_collection_id", required: false);
        var aoi = AoiGeometry(fields);
        if (aoi.Problem is { } problem)
        {
            if (fields.Errors.Count == 0)
                throw new ApiProblemException(ProblemCatalog.InvalidAoi(problem.Code, problem.Message));
            fields.Fail("aoi_geometry", $"{problem.Message} ({problem.Code})");
        }
        fields.ThrowIfInvalid();
        return new CreateRequestFields(projectId!, aoi.GeoJson!, aoiName,
            outputName ?? ClipRequestRules.DefaultOutputName, collectionId);
    }

    private static AoiCheck AoiGeometry(JsonFields fields)
    {
        if (fields.Element("aoi_geometry", required: true) is not { } geometry)
            return new AoiCheck(null, null);
        if (geometry.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("aoi_geometry", $"must be a GeoJSON geometry object, not {JsonFields.Kind(geometry)}");
            return new AoiCheck(null, null);
        }
        return AoiRule.Check(geometry);
    }
}
