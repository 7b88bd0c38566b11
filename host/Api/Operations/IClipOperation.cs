using System.Text.Json;
using Geopera.Clip.Activities.DataPlatform;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>What the OpenAPI document, docs/api.md and the pipeline need to know about one
/// operation. <see cref="Answers"/> are the statuses the operation itself answers with, its
/// success among them; <see cref="AllAnswers"/> adds those every operation can answer
/// (<see cref="CommonAnswers"/>).</summary>
public sealed record OperationDescriptor(
    string Id,
    string Scope,
    SideEffect SideEffect,
    string Summary,
    string Description,
    Type RequestType,
    Type ResponseType,
    IReadOnlyList<OperationAnswer> Answers,
    string ResponseContentType = "application/json")
{
    public bool RequiresIdempotencyKey => SideEffect == SideEffect.ExternalSpend;

    /// <summary>Every status this operation can answer with, each once, in order.</summary>
    public IReadOnlyList<OperationAnswer> AllAnswers { get; } = CommonAnswers.Merge(Answers);
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
