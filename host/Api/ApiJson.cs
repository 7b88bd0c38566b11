using System.Text.Json;

namespace Geopera.Clip.Host.Api;

/// <summary>How the op API writes JSON: snake_case members, nulls omitted.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Numbers are numbers: the web default would also accept "10" and document that.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };
}
