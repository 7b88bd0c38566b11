using Geopera.Clip.Host.Api.Docs;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.Problems;

namespace Geopera.Clip.Host.Api.Pipeline;

/// <summary>
/// Maps <c>POST /v1/op/{operation_id}</c>: one endpoint per known operation (so each has its own
/// OpenAPI entry), a catch-all answering 404 for unknown operations, and 405 for every other verb.
/// </summary>
public static class OpEndpoints
{
    public const string Prefix = "/v1/op/";

    public static readonly string[] OtherVerbs =
        [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Head, HttpMethods.Options];

    public static void MapClipOperations(this IEndpointRouteBuilder app)
    {
        foreach (var descriptor in OperationCatalog.Descriptors)
        {
            app.MapPost(Prefix + descriptor.Id, (HttpContext http, OpPipeline pipeline) => pipeline.RunAsync(http, descriptor))
                .WithName(descriptor.Id)
                .WithOpenApiDescription(descriptor);
        }

        // Also reached by known operations whose request the typed endpoints' content-type
        // matching turned away: the pipeline answers those (401, 403 or 415) like any other call.
        app.MapPost(Prefix + "{operation_id}", async (HttpContext http, string operation_id, OpPipeline pipeline) =>
        {
            if (OperationCatalog.Find(operation_id) is { } known)
                await pipeline.RunAsync(http, known);
            else
                await new ApiProblemResult(ProblemCatalog.UnknownOperation(operation_id)).ExecuteAsync(http);
        }).ExcludeFromDescription();
        app.MapMethods(Prefix + "{operation_id}", OtherVerbs, (HttpContext http) => new ApiProblemResult(ProblemCatalog.MethodNotAllowed(http.Request.Method)))
            .ExcludeFromDescription();
    }
}
