using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>
/// Makes the generated schemas say what the server does. Answers omit null members
/// (<see cref="ApiJson"/>), so a nullable member is never required and never null. Request bodies
/// are read by <see cref="Json.JsonFields"/>: unknown members are refused, null means absent, and
/// each field has the bounds and patterns the handlers check, taken from the same rules.
/// </summary>
public static class ContractSchemas
{
    private static readonly HashSet<Type> RequestTypes = [.. OperationCatalog.Descriptors.Select(d => d.RequestType)];

    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (context.JsonPropertyInfo is { } property
            && (RequestTypes.Contains(property.DeclaringType) || property.DeclaringType == typeof(GeoJsonGeometry)))
            ApplyFieldRule(schema, property.Name, context.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value);
        // An object reached through a property (a job's failure) gets its schema here, with the
        // property's context: its members need the same treatment as a top-level answer's.
        var info = context.JsonTypeInfo;
        if (info.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
            return Task.CompletedTask;
        var isRequest = RequestTypes.Contains(info.Type);
        if (isRequest)
            schema.AdditionalPropertiesAllowed = false;
        foreach (var member in info.Properties.Where(IsNullable))
        {
            schema.Required?.Remove(member.Name);
            // Answers leave a null member out rather than writing null; requests may send null for "absent".
            if (!isRequest && info.Type != typeof(GeoJsonGeometry) && schema.Properties.TryGetValue(member.Name, out var p) && p is OpenApiSchema s && s.Type is { } t)
                s.Type = t & ~JsonSchemaType.Null;
        }
        return Task.CompletedTask;
    }

    private static bool IsNullable(JsonPropertyInfo p) => p.IsGetNullable || Nullable.GetUnderlyingType(p.PropertyType) is not null;

    private static void ApplyFieldRule(OpenApiSchema schema, string field, ApiOptions options)
    {
        switch (field)
        {
            case "job_id":
                Text(schema, 36, ClipRequestRules.UuidPattern);
                break;
            case "source_item_id" or "project_id" or "area_id" or "target_collection_id":
                Text(schema, ResourceIds.MaxLength, ResourceIds.EcmaPattern);
                break;
            case "asset_keys" or "mosaic_types":
                schema.MinItems = 1;
                schema.MaxItems = ClipRequestRules.MaxAssetKeys;
                schema.UniqueItems = true;
                var item = new OpenApiSchema { Type = JsonSchemaType.String };
                Text(item, ClipRequestRules.MaxKeyLength, ClipRequestRules.KeyPattern);
                schema.Items = item;
                break;
            case "output_name":
                Text(schema, ClipRequestRules.MaxOutputNameLength, ClipRequestRules.OutputNamePattern);
                break;
            case "aoi_name":
                Text(schema, ClipRequestRules.MaxLabelLength, ClipRequestRules.LabelPattern);
                break;
            case "organization_id":
                Text(schema, Json.JsonFields.DefaultMaxLength, ClipRequestRules.TextPattern);
                break;
            case "mosaic_type":
                Text(schema, ClipRequestRules.MaxKeyLength, ClipRequestRules.TextPattern);
                break;
            case "status":
                schema.Enum = [.. JobStatus.All.Select(s => (JsonNode)JsonValue.Create(s))];
                break;
            case "limit":
                Integer(schema, 1, options.MaxListLimit);
                break;
            case "offset":
                Integer(schema, 0, int.MaxValue);
                break;
            case "type":
                schema.Enum = [.. AoiTypes.Select(s => (JsonNode)JsonValue.Create(s))];
                break;
            case "coordinates":
                schema.Type = JsonSchemaType.Array;
                break;
        }
    }

    /// <summary>The geometry types the AOI validator accepts.</summary>
    private static readonly string[] AoiTypes = ["Polygon", "MultiPolygon"];

    private static void Text(OpenApiSchema schema, int maxLength, string pattern)
    {
        schema.MinLength = 1;
        schema.MaxLength = maxLength;
        schema.Pattern = pattern;
    }

    /// <summary>A JSON integer (never a numeric string: the server's numbers are strict).</summary>
    private static void Integer(OpenApiSchema schema, int min, int max)
    {
        schema.Type = JsonSchemaType.Integer | (schema.Type & JsonSchemaType.Null);
        schema.Pattern = null;
        schema.Minimum = min.ToString(CultureInfo.InvariantCulture);
        schema.Maximum = max.ToString(CultureInfo.InvariantCulture);
    }
}
