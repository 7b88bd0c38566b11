using Geopera.Clip.Host.Api.Operations;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>OpenAPI metadata of one operation endpoint: request body, success response, problems.</summary>
public static class OperationOpenApi
{
    // Every operation can answer these: malformed body, no key, missing scope, body too large,
    // wrong media type, unexpected fault.
    private static readonly int[] CommonProblems = [400, 401, 403, 413, 415, 500];

    public static RouteHandlerBuilder WithOpenApiDescription(this RouteHandlerBuilder endpoint, OperationDescriptor op)
    {
        endpoint
            .WithTags("clip")
            .WithSummary(op.Summary)
            .WithDescription($"{op.Description}\n\nScope: `{op.Scope}`. Side effect: `{op.SideEffect}`."
                + (op.RequiresIdempotencyKey ? " Requires an `Idempotency-Key` header." : ""))
            .Accepts(op.RequestType, "application/json")
            .Produces(StatusCodes.Status200OK, op.ResponseType, op.ResponseContentType);
        foreach (var status in CommonProblems.Concat(op.ProblemStatuses).Distinct().Order())
            endpoint.ProducesProblem(status);
        endpoint.WithMetadata(new OperationScopeMetadata(op.Scope, op.RequiresIdempotencyKey));
        return endpoint;
    }
}

/// <summary>Read by <see cref="OpenApiDocumentSetup"/> to add the bearer requirement and the
/// Idempotency-Key header to an operation.</summary>
public sealed record OperationScopeMetadata(string Scope, bool RequiresIdempotencyKey);
