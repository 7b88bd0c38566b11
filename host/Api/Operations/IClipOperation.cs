using System.Text.Json;
using Geopera.Clip.Activities.DataPlatform;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>What the OpenAPI document and the pipeline need to know about one operation.
/// SideEffect is as in the spec table (external_spend, read or destructive); ProblemStatuses are
/// the statuses the operation itself can answer with, besides the ones every operation can
/// (400, 401, 403, 413, 415, 500).</summary>
public sealed record OperationDescriptor(
    string Id,
    string Scope,
    string SideEffect,
    string Summary,
    string Description,
    Type RequestType,
    Type ResponseType,
    IReadOnlyList<int> ProblemStatuses,
    string ResponseContentType = "application/json")
{
    public bool RequiresIdempotencyKey => SideEffect == "external_spend";
}

/// <summary>An authenticated, authorized call with its parsed JSON body.</summary>
public sealed record OpCall(HttpContext Http, OperationDescriptor Operation, ApiPrincipal Principal, JsonElement Body)
{
    public string OrganizationId => Principal.OrganizationId;
    public CancellationToken Aborted => Http.RequestAborted;
}

/// <summary>One operation's handler; one class per operation, named after it.</summary>
public interface IClipOperation
{
    Task<IResult> HandleAsync(OpCall call);
}
