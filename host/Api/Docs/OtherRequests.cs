using Geopera.Clip.Host.Api.Pipeline;
using Geopera.Clip.Host.Api.Problems;
using Microsoft.OpenApi;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>
/// What <see cref="OpEndpoints"/> answers outside the operations: POST of an operation id that does
/// not exist (404 <c>unknown-operation</c>) and any other verb on an operation path (405 with
/// <c>Allow: POST</c>). Documented on the templated path, which OpenAPI matches after the concrete
/// operation paths.
/// </summary>
public static class OtherRequests
{
    public const string TemplatePath = OpEndpoints.Prefix + "{operation_id}";

    public static void AddTo(OpenApiDocument document)
    {
        var item = new OpenApiPathItem
        {
            Parameters =
            [
                new OpenApiParameter
                {
                    Name = "operation_id", In = ParameterLocation.Path, Required = true,
                    Description = "Any operation id; the operations are the other paths.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            ],
        };
        item.AddOperation(HttpMethod.Post, Operation("unknown-operation", "An operation id that does not exist",
            StatusCodes.Status404NotFound, "No such operation (`unknown-operation`); the operations are listed at /docs.", document, []));
        foreach (var verb in OpEndpoints.OtherVerbs)
        {
            var method = new HttpMethod(verb);
            item.AddOperation(method, Operation($"method-not-allowed-{verb.ToLowerInvariant()}", $"{verb} on an operation path",
                StatusCodes.Status405MethodNotAllowed, "Operations are invoked with POST only (`method-not-allowed`)"
                + (HttpMethods.IsHead(verb) ? "; as for every HEAD, the body is left out." : "."),
                document, [.. DocumentedHeaders.Allow()]));
        }
        document.Paths ??= new OpenApiPaths();
        document.Paths[TemplatePath] = item;
    }

    private static OpenApiOperation Operation(string id, string summary, int status, string meaning, OpenApiDocument document,
        IReadOnlyList<(string Name, OpenApiHeader Header)> headers) => new()
    {
        OperationId = id,
        Summary = summary,
        Tags = new HashSet<OpenApiTagReference> { new("clip", document) },
        Responses = new OpenApiResponses
        {
            [status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = meaning,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ApiProblemResult.ContentType] = new() { Schema = ProblemSchema.ForStatus(document, status) },
                },
                Headers = headers.Count == 0 ? null : headers.ToDictionary(h => h.Name, h => (IOpenApiHeader)h.Header),
            },
        },
    };
}
