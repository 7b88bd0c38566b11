using Geopera.Clip.Host.Api.Admission;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>The OpenAPI document at /openapi/v1.json: title, the bearer scheme, each operation's
/// scope and the Idempotency-Key header where required.</summary>
public static class OpenApiDocumentSetup
{
    private const string SchemeName = "gpra_key";

    public static IServiceCollection AddClipOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Geopera Clip API",
                    Version = "v1",
                    Description = "Clip Cloud-Optimized GeoTIFFs to an area of interest. Every operation is POST /v1/op/{operation_id} "
                        + "with a JSON body and `Authorization: Bearer gpra_…`; errors are RFC 9457 problems whose `type` is "
                        + "https://api.geopera.com/problems/<code>.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "gpra_…",
                    Description = "An organization's API key; each operation needs one scope.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var meta = context.Description.ActionDescriptor.EndpointMetadata.OfType<OperationScopeMetadata>().FirstOrDefault();
                if (meta is null)
                    return Task.CompletedTask;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [meta.Scope],
                });
                if (meta.RequiresIdempotencyKey)
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotencyKeyHeader.Name,
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = "1-255 characters of A-Z a-z 0-9 . _ : - ; reuse it on retries. Same key + same body → the same job; same key + another body → 422.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeyHeader.MaxLength, Pattern = "^[A-Za-z0-9._:-]{1,255}$" },
                    });
                }
                return Task.CompletedTask;
            });
        });
}
