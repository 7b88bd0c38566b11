using System.Text.Json.Nodes;
using Geopera.Clip.Host.Api.Problems;
using Microsoft.OpenApi;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>
/// The RFC 9457 problem document as <see cref="ApiProblemResult"/> writes it: the standard members
/// and <c>trace_id</c> always, and the extension members problems of the catalogue carry. Nothing
/// else may appear, so a new extension member must be declared here to pass the contract tests.
/// </summary>
public static class ProblemSchema
{
    public const string Name = "Problem";
    public const string FieldErrorName = "FieldError";

    public static void AddTo(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[FieldErrorName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One invalid field of the request body.",
            Required = new HashSet<string> { "field", "message" },
            AdditionalPropertiesAllowed = false,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["field"] = Text("The field, e.g. `asset_keys[2]`."),
                ["message"] = Text("What is wrong with it."),
            },
        };
        document.Components.Schemas[Name] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. Switch on `type`; `status` is the HTTP status.",
            Required = new HashSet<string> { "type", "title", "status", "detail", "instance", "trace_id" },
            AdditionalPropertiesAllowed = false,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Format = "uri", Pattern = "^" + ApiProblem.TypeBase.Replace(".", "\\.", StringComparison.Ordinal) + "[a-z0-9-]+$",
                    Description = "Stable problem type: " + ApiProblem.TypeBase + "<code>.",
                },
                ["title"] = Text("Short summary of the problem type."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "400", Maximum = "599", Description = "The HTTP status." },
                ["detail"] = Text("What happened in this request and what to do next."),
                ["instance"] = Text("The request path."),
                ["trace_id"] = Text("Quote it to support; the service's log line carries the same id."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, MinItems = 1, Items = new OpenApiSchemaReference(FieldErrorName, document),
                    Description = "`invalid-request`, `invalid-aoi`: every invalid field.",
                },
                ["code"] = Text("`invalid-aoi`: the AOI validator's stable code, e.g. `aoi.self_intersection`."),
                ["required_scope"] = Text("`insufficient-scope`: the scope the operation needs."),
                ["used"] = Count("`quota-exceeded`: compute units of your quota already used."),
                ["limit"] = Count("`quota-exceeded`: your compute quota; `body-too-large`: the byte limit; `too-many-assets`: the most assets one job clips."),
                ["requested"] = Count("`quota-exceeded`: compute units this clip needs."),
                ["assets"] = Count("`too-many-assets`: the raster assets this request resolved to."),
                ["job_status"] = Text("`job-not-completed`: the job's status (running, failed, cancelled, …)."),
            },
        };
    }

    /// <summary>The problem a response of one status carries: <c>status</c> equals the HTTP status.</summary>
    public static IOpenApiSchema ForStatus(OpenApiDocument document, int status) => new OpenApiSchema
    {
        AllOf = [new OpenApiSchemaReference(Name, document), new OpenApiSchema
        {
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Enum = [JsonValue.Create(status)] },
            },
        }],
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Count(string description) => new() { Type = JsonSchemaType.Integer, Minimum = "0", Description = description };
}
