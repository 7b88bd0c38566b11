using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Geopera.Clip.Activities.DataPlatform.Seeding;

/// <summary>
/// Checks a seed file's JSON against the seed records' own contract (the serializer's type info:
/// member names, required constructor parameters, nullability, element types) and reports every
/// mismatch with its path, e.g. <c>organizations[0].projects[1].items[2].colour: unknown member</c>.
/// System.Text.Json stops at the first mismatch and names .NET types; a newcomer needs all of them
/// at once, in the file's own terms.
/// </summary>
internal static class SeedShape
{
    public static IReadOnlyList<string> Mistakes(JsonElement root, JsonSerializerOptions options)
    {
        var mistakes = new List<string>();
        Check(root, options.GetTypeInfo(typeof(SeedDocument)), "", options, mistakes);
        return mistakes;
    }

    private static void Check(JsonElement value, JsonTypeInfo type, string path, JsonSerializerOptions options, List<string> mistakes)
    {
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object:
                CheckObject(value, type, path, options, mistakes);
                break;
            case JsonTypeInfoKind.Enumerable when value.ValueKind != JsonValueKind.Array:
                mistakes.Add($"{Named(path)}: must be an array, not {Describe(value)}");
                break;
            case JsonTypeInfoKind.Enumerable:
                var index = 0;
                foreach (var element in value.EnumerateArray())
                    CheckValue(element, options.GetTypeInfo(type.ElementType!), nullable: false, $"{path}[{index++}]", options, mistakes);
                break;
            case JsonTypeInfoKind.Dictionary when value.ValueKind != JsonValueKind.Object:
                mistakes.Add($"{Named(path)}: must be an object, not {Describe(value)}");
                break;
            case JsonTypeInfoKind.Dictionary:
                foreach (var entry in value.EnumerateObject())
                    CheckValue(entry.Value, options.GetTypeInfo(type.ElementType!), nullable: false, Member(path, entry.Name), options, mistakes);
                break;
            default:
                CheckScalar(value, type.Type, path, mistakes);
                break;
        }
    }

    private static void CheckObject(JsonElement value, JsonTypeInfo type, string path, JsonSerializerOptions options, List<string> mistakes)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            mistakes.Add($"{Named(path)}: must be an object, not {Describe(value)}");
            return;
        }
        var members = type.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (!members.TryGetValue(member.Name, out var property))
            {
                mistakes.Add($"{Member(path, member.Name)}: unknown member");
                continue;
            }
            var nullable = property.AssociatedParameter?.IsNullable ?? property.IsSetNullable;
            CheckValue(member.Value, options.GetTypeInfo(property.PropertyType), nullable, Member(path, member.Name), options, mistakes);
        }
        var present = value.EnumerateObject().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in type.Properties.Where(p => p.AssociatedParameter is { HasDefaultValue: false } && !present.Contains(p.Name)))
            mistakes.Add($"{Member(path, property.Name)}: missing (required)");
    }

    private static void CheckValue(JsonElement value, JsonTypeInfo type, bool nullable, string path, JsonSerializerOptions options, List<string> mistakes)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!nullable && Nullable.GetUnderlyingType(type.Type) is null && type.Type != typeof(JsonElement))
                mistakes.Add($"{path}: must not be null");
            return;
        }
        var underlying = Nullable.GetUnderlyingType(type.Type);
        Check(value, underlying is null ? type : options.GetTypeInfo(underlying), path, options, mistakes);
    }

    private static void CheckScalar(JsonElement value, Type type, string path, List<string> mistakes)
    {
        var fits = type switch
        {
            _ when type == typeof(string) => value.ValueKind == JsonValueKind.String,
            _ when type == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(long) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            _ => true, // JsonElement: any JSON (footprints and properties are checked by meaning later)
        };
        if (!fits)
            mistakes.Add($"{path}: must be {Expected(type)}, not {Describe(value)}");
    }

    private static string Expected(Type type) =>
        type == typeof(string) ? "a string" : type == typeof(bool) ? "true or false" : "a whole number";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Shorten(string text) =>
        text.Length <= 40 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..37]}...");

    private static string Member(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Named(string path) => path.Length == 0 ? "the document" : path;
}
