using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.Problems;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>Writes one operation's entry from its <see cref="OperationDescriptor"/>: a response per
/// answer (problem+json with the problem schema for errors, raw bytes for a file), the headers each
/// one carries, the bearer requirement with the scope, and the Idempotency-Key header.</summary>
public static class OperationResponses
{
    public const string SchemeName = "gpra_key";

    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var op = context.Description.ActionDescriptor.EndpointMetadata.OfType<OperationDescriptor>().FirstOrDefault();
        if (op is null)
            return Task.CompletedTask;
        var document = context.Document!;
        operation.Responses ??= new OpenApiResponses();
        foreach (var answer in op.AllAnswers)
        {
            var key = answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse r ? r : new OpenApiResponse();
            response.Description = answer.Meaning;
            if (answer.Status >= 400)
                response.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ApiProblemResult.ContentType] = new() { Schema = ProblemSchema.ForStatus(document, answer.Status) },
                };
            else if (op.ResponseContentType != "application/json")
                // A file: the body is the raw bytes (OpenAPI 3.1 describes binary bodies by their media type alone).
                response.Content = new Dictionary<string, OpenApiMediaType> { [op.ResponseContentType] = new() };
            foreach (var (name, header) in DocumentedHeaders.For(op, answer.Status))
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[name] = header;
            }
            operation.Responses[key] = response;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [op.Scope] });
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-required-scope"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(op.Scope));
        operation.Extensions["x-side-effect"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(op.SideEffect.WireName()));
        if (op.RequiresIdempotencyKey)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeyHeader.Name,
                In = ParameterLocation.Header,
                Required = true,
                Description = "1-255 characters of A-Z a-z 0-9 . _ : - ; reuse it on retries. Same key + same body → the same answer; same key + another body → 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeyHeader.MaxLength, Pattern = "^[A-Za-z0-9._:-]{1,255}$" },
            });
        }
        return Task.CompletedTask;
    }
}
