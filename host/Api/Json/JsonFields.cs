using Geopera.Clip.Activities.DataPlatform;
using System.Text.Json;
using Geopera.Clip.Host.Api.Problems;

namespace Geopera.Clip.Host.Api.Json;

/// <summary>
/// Strict reader of a request body's top-level fields. Collects every problem (unknown,
/// duplicate, missing, wrong type, out of range) so one 400 names all invalid fields, and
/// never lets a value through that the handler did not ask for.
/// </summary>
public sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly List<FieldError> _errors = [];

    public JsonFields(JsonElement body, IReadOnlyCollection<string> allowed)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new ApiProblemException(ProblemCatalog.MalformedJson($"The body is a JSON {Kind(body)}, not an object."));
        foreach (var property in body.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
                _errors.Add(new FieldError(Printable(property.Name), "unknown field; allowed: " + string.Join(", ", allowed)));
            else if (!_fields.TryAdd(property.Name, property.Value))
                _errors.Add(new FieldError(property.Name, "appears more than once"));
        }
    }

    public IReadOnlyList<FieldError> Errors => _errors;

    public void Fail(string field, string message) => _errors.Add(new FieldError(field, message));

    /// <summary>Throws the 400 problem naming every invalid field, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
            throw new ApiProblemException(ProblemCatalog.InvalidRequest(_errors));
    }

    public bool Has(string name) => _fields.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>A present, non-null value; records "required" when missing.</summary>
    public JsonElement? Element(string name, bool required)
    {
        if (_fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null)
            return value;
        if (required)
            Fail(name, "is required");
        return null;
    }

    /// <summary>The longest string a field takes unless it names its own bound.</summary>
    public const int DefaultMaxLength = 200;

    public string? String(string name, bool required, int maxLength = DefaultMaxLength, Func<string, string?>? rule = null)
    {
        if (Element(name, required) is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, $"must be a string, not {Kind(value)}");
            return null;
        }
        var text = value.GetString()!;
        var problem = TextProblem(text, maxLength) ?? rule?.Invoke(text);
        if (problem is null)
            return text;
        Fail(name, problem);
        return null;
    }

    public string? Uuid(string name, bool required) =>
        String(name, required, 36, s => Guid.TryParseExact(s, "D", out _) ? null : "must be a UUID such as 3a9c7f10-2b44-4d11-9c8e-1f2a3b4c5d6e");

    /// <summary>An id of a project, item, area or collection (<see cref="ResourceIds"/>).</summary>
    public string? ResourceId(string name, bool required) =>
        String(name, required, ResourceIds.MaxLength, s => ResourceIds.IsValid(s) ? null : $"must be an id of {ResourceIds.Rule}");

    public int? Integer(string name, int min, int max)
    {
        if (Element(name, required: false) is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n))
        {
            Fail(name, $"must be an integer, not {Kind(value)}");
            return null;
        }
        if (n < min || n > max)
        {
            Fail(name, $"must be between {min} and {max}");
            return null;
        }
        return (int)n;
    }

    public IReadOnlyList<string>? StringArray(string name, int maxItems, int maxLength, Func<string, string?> itemRule)
    {
        if (Element(name, required: false) is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, $"must be an array of strings, not {Kind(value)}");
            return null;
        }
        var count = value.GetArrayLength();
        if (count == 0 || count > maxItems)
        {
            Fail(name, $"must hold 1 to {maxItems} items (omit it to take all)");
            return null;
        }
        var items = new List<string>(count);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"{name}[{index++}]";
            var problem = item.ValueKind != JsonValueKind.String
                ? $"must be a string, not {Kind(item)}"
                : TextProblem(item.GetString()!, maxLength) ?? itemRule(item.GetString()!);
            if (problem is not null)
                Fail(field, problem);
            else if (items.Contains(item.GetString()!, StringComparer.Ordinal))
                Fail(field, "is listed twice");
            else
                items.Add(item.GetString()!);
        }
        return items.Count == count ? items : null;
    }

    private static string? TextProblem(string text, int maxLength)
    {
        if (text.Length == 0)
            return "must not be empty";
        if (text.Length > maxLength)
            return $"must be at most {maxLength} characters";
        if (text.Any(char.IsControl))
            return "must not contain control characters";
        return null;
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>A caller's field name as echoed in a problem: bounded, without control characters.</summary>
    public static string Printable(string name)
    {
        var clean = new string(name.Where(c => !char.IsControl(c)).Take(64).ToArray());
        return clean.Length == 0 ? "(unnamed)" : clean;
    }
}
