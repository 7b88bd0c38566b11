using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Geopera.Clip.Tests.Api.Contract;

/// <summary>
/// The served OpenAPI 3.1 document, read the way a generated client reads it: which operation a
/// request reaches (a concrete path before a templated one, as OpenAPI 3.1 §4.8.8 orders them),
/// which response object a status selects (the exact code, then <c>4XX</c>-style ranges, then
/// <c>default</c>), and each schema turned into a JSON Schema 2020-12 document with every
/// <c>#/components/schemas/…</c> reference resolved inside it, for JsonSchema.Net.
/// </summary>
public sealed class OpenApiContract
{
    private readonly JsonElement _paths;
    private readonly JsonObject _defs;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public OpenApiContract(string documentJson)
    {
        var root = JsonDocument.Parse(documentJson).RootElement.Clone();
        _paths = root.GetProperty("paths");
        var components = JsonNode.Parse(documentJson)!["components"]?["schemas"]?.AsObject() ?? [];
        _defs = JsonNode.Parse(RewriteRefs(components.ToJsonString()))!.AsObject();
    }

    /// <summary>The operation object for this method and path, or null when the document has none.</summary>
    public JsonElement? Operation(string method, string path)
    {
        var verb = method.ToLowerInvariant();
        if (_paths.TryGetProperty(path, out var concrete) && concrete.TryGetProperty(verb, out var op))
            return op;
        foreach (var item in _paths.EnumerateObject())
            if (item.Name.Contains('{') && TemplateMatches(item.Name, path) && item.Value.TryGetProperty(verb, out var templated))
                return templated;
        return null;
    }

    /// <summary>The response object a status selects, or null when it is not documented.</summary>
    public static JsonElement? Response(JsonElement operation, int status)
    {
        if (!operation.TryGetProperty("responses", out var responses))
            return null;
        foreach (var key in new[] { status.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{status / 100}XX", "default" })
            if (responses.TryGetProperty(key, out var response))
                return response;
        return null;
    }

    /// <summary>A schema object of the document as a self-contained JSON Schema (cached by its text).</summary>
    public JsonSchema Schema(JsonElement schema)
    {
        var text = schema.GetRawText();
        return _schemas.GetOrAdd(text, _ =>
        {
            var document = JsonNode.Parse(RewriteRefs(text))!;
            var wrapper = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = $"https://contract.test/{Guid.NewGuid():N}",
                ["$defs"] = _defs.DeepClone(),
                ["allOf"] = new JsonArray(document),
            };
            return JsonSchema.FromText(wrapper.ToJsonString());
        });
    }

    private static string RewriteRefs(string json) => json.Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);

    private static bool TemplateMatches(string template, string path)
    {
        var t = template.Split('/');
        var p = path.Split('/');
        if (t.Length != p.Length)
            return false;
        for (var i = 0; i < t.Length; i++)
            if (!(t[i].StartsWith('{') && t[i].EndsWith('}') && p[i].Length > 0) && t[i] != p[i])
                return false;
        return true;
    }
}
