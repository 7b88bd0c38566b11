using System.Text.Json;
using System.Text.Json.Nodes;
using Geopera.Clip.Host.Api.Problems;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>
/// A refusal kept with its Idempotency-Key (so the same request answers the same refusal after
/// Temporal forgot the workflow): the problem without what belongs to one response (instance,
/// trace id), which a replay fills in afresh.
/// </summary>
public static class StoredRefusal
{
    private static bool IsStandard(string member) => member is "type" or "title" or "status" or "detail" or "instance" or "trace_id";

    /// <summary>Refusals the caller caused and a retry cannot change. Not a 422 conflict: that
    /// answer belongs to another request's key, and storing it would bind the key to this body.</summary>
    public static bool IsKept(ApiProblem problem) =>
        IsKeptStatus(problem.Status) && problem.Code != ProblemCatalog.IdempotencyKeyReused().Code;

    /// <summary>Statuses of the refusals a key keeps (the 422 conflict is the only one of its status).</summary>
    public static bool IsKeptStatus(int status) => status is >= 400 and < 500 and not StatusCodes.Status422UnprocessableEntity;

    public static string ToJson(ApiProblem problem)
    {
        var body = new JsonObject
        {
            ["type"] = problem.Type,
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
        };
        if (problem.Extensions is not null)
            foreach (var (name, value) in problem.Extensions)
                body.TryAdd(name, JsonSerializer.SerializeToNode(value, ApiJson.Options));
        return body.ToJsonString(ApiJson.Options);
    }

    public static ApiProblem FromJson(string json)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        var type = (string)body["type"]!;
        var extensions = body.Where(member => !IsStandard(member.Key))
            .ToDictionary(member => member.Key, member => (object?)member.Value?.DeepClone());
        return new ApiProblem(
            type.StartsWith(ApiProblem.TypeBase, StringComparison.Ordinal) ? type[ApiProblem.TypeBase.Length..] : type,
            (int)body["status"]!, (string)body["title"]!, (string)body["detail"]!,
            extensions.Count == 0 ? null : extensions);
    }
}
