using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Geopera.Clip.Host.Api.Problems;

/// <summary>Writes an <see cref="ApiProblem"/> as <c>application/problem+json</c> (RFC 9457): type,
/// title, status, detail, instance, trace_id and the problem's extension members.</summary>
public sealed class ApiProblemResult(ApiProblem problem) : IResult
{
    public const string ContentType = "application/problem+json";

    public ApiProblem Problem { get; } = problem;

    /// <summary>The code of the problem this request was answered with, if any (for metrics).</summary>
    public static string? AnsweredCode(HttpContext http) => http.Items[AnsweredKey] as string;

    private static readonly object AnsweredKey = new();

    public Task ExecuteAsync(HttpContext http)
    {
        http.Items[AnsweredKey] = Problem.Code;
        var response = http.Response;
        response.StatusCode = Problem.Status;
        if (Problem.RetryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Problem.Headers is not null)
            foreach (var (name, value) in Problem.Headers)
                response.Headers[name] = value;
        response.ContentType = ContentType;
        if (HttpMethods.IsHead(http.Request.Method))
            return Task.CompletedTask;
        return response.WriteAsync(ToJson(Problem, http.Request.Path, TraceId(http)), http.RequestAborted);
    }

    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    /// <summary>The problem document; extension members never override the standard ones.</summary>
    public static string ToJson(ApiProblem problem, string instance, string traceId)
    {
        var body = new JsonObject
        {
            ["type"] = problem.Type,
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
            ["instance"] = instance,
            ["trace_id"] = traceId,
        };
        if (problem.Extensions is not null)
            foreach (var (name, value) in problem.Extensions)
                body.TryAdd(name, JsonSerializer.SerializeToNode(value, ApiJson.Options));
        return body.ToJsonString(ApiJson.Options);
    }
}
