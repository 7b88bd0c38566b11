using System.Text.Json.Nodes;
using Geopera.Clip.Host.Api.Operations;
using Microsoft.OpenApi;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>The OpenAPI document at /openapi/v1.json: title, a relative server, the bearer scheme
/// with every scope, the problem schema, the answers of unknown operations and other verbs, and
/// each operation's entry from its descriptor (<see cref="OperationResponses"/>,
/// <see cref="ContractSchemas"/>).</summary>
public static class OpenApiDocumentSetup
{
    public static IServiceCollection AddClipOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddSchemaTransformer(ContractSchemas.ApplyAsync);
            options.AddOperationTransformer(OperationResponses.ApplyAsync);
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
                // Relative: the document describes whichever host serves it, and never repeats the
                // Host header a caller sent.
                document.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document." }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[OperationResponses.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "gpra_…",
                    Description = "An organization's API key; each operation needs one scope (its security requirement and `x-required-scope`).",
                    Extensions = new Dictionary<string, IOpenApiExtension>
                    {
                        ["x-scopes"] = new JsonNodeExtension(Scopes()),
                    },
                };
                ProblemSchema.AddTo(document);
                OtherRequests.AddTo(document);
                return Task.CompletedTask;
            });
        });

    /// <summary>Every scope with the operations that need it.</summary>
    private static JsonObject Scopes()
    {
        var scopes = new JsonObject();
        foreach (var group in OperationCatalog.Descriptors.GroupBy(d => d.Scope))
            scopes[group.Key] = "Operations: " + string.Join(", ", group.Select(d => d.Id));
        return scopes;
    }
}
