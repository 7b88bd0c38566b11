using Geopera.Clip.Host.Api.Operations;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>OpenAPI metadata of one operation endpoint: its request body and success schema; the
/// rest of its entry (every answer, headers, scope) comes from the descriptor, carried as endpoint
/// metadata, in <see cref="OperationResponses"/>.</summary>
public static class OperationOpenApi
{
    public static RouteHandlerBuilder WithOpenApiDescription(this RouteHandlerBuilder endpoint, OperationDescriptor op)
    {
        endpoint
            .WithTags("clip")
            .WithSummary(op.Summary)
            .WithDescription($"{op.Description}\n\nScope: `{op.Scope}`. Side effect: `{op.SideEffect.WireName()}`."
                + (op.RequiresIdempotencyKey ? " Requires an `Idempotency-Key` header." : ""))
            .Accepts(op.RequestType, "application/json")
            .WithMetadata(op);
        if (op.ResponseContentType == "application/json")
            endpoint.Produces(StatusCodes.Status200OK, op.ResponseType, op.ResponseContentType);
        return endpoint;
    }
}
