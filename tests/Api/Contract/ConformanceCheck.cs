using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace Geopera.Clip.Tests.Api.Contract;

/// <summary>One request and the answer it got, as the conformance check needs them.</summary>
public sealed record Exchange(
    string Method,
    string Path,
    string? RequestMediaType,
    string? RequestBody,
    int Status,
    IReadOnlyDictionary<string, string> Headers,
    string? MediaType,
    string? Body);

/// <summary>
/// Whether one exchange is what the OpenAPI document says: the status is documented for the
/// operation, the media type is one the response lists, every header sent is declared (besides
/// HTTP's own framing headers) and every required one is sent with a value its schema allows, and a
/// JSON body conforms to its schema. Requests are checked against the request schema in both
/// directions: a body the server accepted must conform (the schema is not stricter than the
/// server), and a body the server refused as invalid must not (the schema is not looser).
/// </summary>
public static class ConformanceCheck
{
    /// <summary>Headers HTTP itself sends (RFC 9110/9112 framing and Date): never declared in OpenAPI.</summary>
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
    };

    /// <summary>Problem codes the server answers for a body that breaks its field rules.</summary>
    private static readonly HashSet<string> InvalidBodyCodes = ["invalid-request", "malformed-json"];

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    public static IReadOnlyList<string> Check(OpenApiContract contract, Exchange x)
    {
        var found = new List<string>();
        var operation = contract.Operation(x.Method, x.Path);
        if (operation is not { } op)
            return [$"{x.Method} {x.Path}: no such operation in the document"];
        if (OpenApiContract.Response(op, x.Status) is not { } response)
            return [$"{x.Status} is not documented"];

        CheckMediaTypeAndBody(contract, response, x, found);
        CheckHeaders(contract, response, x, found);
        CheckRequest(contract, op, x, found);
        return found;
    }

    private static void CheckMediaTypeAndBody(OpenApiContract contract, JsonElement response, Exchange x, List<string> found)
    {
        var hasContent = response.TryGetProperty("content", out var content) && content.EnumerateObject().Any();
        if (!hasContent)
        {
            if (!string.IsNullOrEmpty(x.Body))
                found.Add($"{x.Status} documents no body but one was sent ({x.MediaType})");
            return;
        }
        if (x.MediaType is null || !content.TryGetProperty(x.MediaType, out var media))
        {
            found.Add($"{x.Status}: media type {x.MediaType ?? "(none)"} is not one of {string.Join(", ", content.EnumerateObject().Select(m => m.Name))}");
            return;
        }
        // HEAD answers carry the headers of a GET but never a body (RFC 9110 §9.3.2).
        if (!IsJson(x.MediaType) || x.Method == "HEAD")
            return;
        if (!media.TryGetProperty("schema", out var schema))
        {
            found.Add($"{x.Status} {x.MediaType}: the document gives no schema for a JSON body");
            return;
        }
        found.AddRange(Validate(contract, schema, x.Body ?? "", $"{x.Status} body"));
    }

    private static void CheckHeaders(OpenApiContract contract, JsonElement response, Exchange x, List<string> found)
    {
        var declared = response.TryGetProperty("headers", out var headers)
            ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in x.Headers.Keys.Where(n => !Framing.Contains(n) && !declared.ContainsKey(n)))
            found.Add($"{x.Status}: header {name} is sent but not declared");
        foreach (var (name, header) in declared)
        {
            var sent = x.Headers.TryGetValue(name, out var value);
            if (!sent)
            {
                if (header.TryGetProperty("required", out var required) && required.GetBoolean())
                    found.Add($"{x.Status}: required header {name} is missing");
                continue;
            }
            if (header.TryGetProperty("schema", out var schema))
                found.AddRange(Validate(contract, schema, HeaderAsJson(schema, value!), $"{x.Status} header {name}"));
        }
    }

    /// <summary>A header value as the JSON instance its schema describes (simple style: an integer
    /// schema reads the value as a number, anything else as a string).</summary>
    private static string HeaderAsJson(JsonElement schema, string value) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "integer"
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : JsonSerializer.Serialize(value);

    private static void CheckRequest(OpenApiContract contract, JsonElement op, Exchange x, List<string> found)
    {
        if (x.RequestBody is null || x.RequestMediaType is null || !IsJson(x.RequestMediaType)
            || !op.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var media)
            || !media.TryGetProperty("schema", out var schema))
            return;
        if (HasDuplicateMembers(x.RequestBody))
            return; // not an I-JSON instance (RFC 7493 §2.3): a schema sees only one of the members, the server refuses both
        var errors = Validate(contract, schema, x.RequestBody, "request body");
        if (x.Status is >= 200 and < 300 && errors.Count > 0)
            found.Add($"the server accepted a request body the schema refuses ({string.Join("; ", errors)}): {Clip(x.RequestBody)}");
        if (x.Status == 400 && errors.Count == 0 && ProblemCode(x.Body) is { } code && InvalidBodyCodes.Contains(code))
            found.Add($"the schema accepts a request body the server refused as {code} ({Clip(x.Body!)}): {Clip(x.RequestBody)}");
    }

    private static List<string> Validate(OpenApiContract contract, JsonElement schema, string json, string what)
    {
        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return [$"{what} is not JSON: {e.Message}"];
        }
        using (instance)
        {
            EvaluationResults results;
            try
            {
                results = contract.Schema(schema).Evaluate(instance.RootElement, Evaluation);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json cannot read a string holding a lone UTF-16 surrogate: not valid
                // Unicode text, so no JSON Schema string can accept it.
                return [$"{what} holds a string no schema can read: {e.Message}"];
            }
            return results.IsValid ? [] : [$"{what} does not conform: {Describe(results)}"];
        }
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))
            .Distinct().Take(6));

    private static bool HasDuplicateMembers(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return HasDuplicates(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false; // not JSON, or a name that is not text: Validate reports it
        }

        static bool HasDuplicates(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => e.EnumerateObject().GroupBy(p => p.Name).Any(g => g.Count() > 1)
                || e.EnumerateObject().Any(p => HasDuplicates(p.Value)),
            JsonValueKind.Array => e.EnumerateArray().Any(HasDuplicates),
            _ => false,
        };
    }

    private static string? ProblemCode(string? body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body ?? "");
            return doc.RootElement.TryGetProperty("type", out var type) && type.GetString() is { } uri ? uri[(uri.LastIndexOf('/') + 1)..] : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsJson(string mediaType) =>
        mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
