using System.Text.Json;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>How the data platform writes JSON columns (artifacts, failures): snake_case like the API,
/// so operators reading rows see the names clients see.</summary>
public static class DataPlatformJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    /// <summary>Refuse text that is not a JSON document before it reaches a jsonb column.</summary>
    public static void EnsureDocument(string? json, string what)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw DataPlatformException.Invalid($"{what} is empty; send a JSON document.");
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw DataPlatformException.Invalid($"{what} is not valid JSON ({e.Message}).");
        }
    }
}
