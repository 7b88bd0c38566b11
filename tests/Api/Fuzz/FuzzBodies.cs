using System.Text;

namespace Geopera.Clip.Tests.Api.Fuzz;

/// <summary>One generated request body: its bytes, the Content-Type it is sent with, and how it
/// was made (so a failure can be reproduced by its seed and index, and read).</summary>
public sealed record FuzzBody(byte[] Bytes, string ContentType, string Recipe);

/// <summary>
/// Generates request bodies that a server must refuse without a fault, from a fixed seed: JSON of
/// wrong shapes, text mutations of a valid body (broken and invalid escapes, lone surrogates in
/// values and member names at any depth, huge numbers, deep nesting, duplicate members), and byte
/// mutations (BOMs, UTF-16/UTF-32 and Latin-1 encodings, invalid UTF-8). The valid body a mutation
/// starts from targets something the caller cannot reach, so a mutation that stays valid is still
/// refused (404 job, unknown item, another organization).
/// </summary>
public sealed class FuzzBodies(int seed, IReadOnlyList<string> fieldNames, string validBody)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Tokens =
    [
        "\\ud800", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud83d\"", "\\u", "\\u12", "\\uZZZZ", "\\x41", "\\", "\"", "'", "{", "}", "[", "]", ",", ":",
        "1e999999", "-1e999999", "123456789012345678901234567890123456789", "-0", "0.0000000000000000000000001", "1E-400", "NaN", "Infinity",
        "-", "+1", "01", ".5", "nul", "tru", "null", "true", "\u0000", "\t", "\u2028", "😀", "/*", "//", "\"\\u0000\"",
    ];

    private static readonly string[] Surrogates = ["\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud83d", "x\\ud800y"];

    public FuzzBody Next() => _random.Next(10) switch
    {
        0 or 1 => Json(WrongShape(), "wrong shape"),
        2 or 3 => Json(TextMutation(out var how), how),
        4 => Json(SurrogateAtDepth(out var how), how),
        5 => Json(DuplicateMember(), "duplicate member"),
        6 => Json(DeepNesting(out var how), how),
        7 => Json(HugeNumber(), "huge number"),
        _ => Encoded(),
    };

    private static FuzzBody Json(string text, string recipe) => new(Encoding.UTF8.GetBytes(text), "application/json", recipe);

    /// <summary>Valid JSON of the wrong shape: any value, or the operation's own members holding
    /// values of any type.</summary>
    private string WrongShape()
    {
        if (_random.Next(3) == 0)
            return Value(depth: 3);
        var members = fieldNames.Where(_ => _random.Next(3) > 0).Select(name => $"\"{name}\":{Value(depth: 3)}");
        return "{" + string.Join(",", members) + "}";
    }

    private string Value(int depth) => (depth <= 0 ? _random.Next(5) : _random.Next(7)) switch
    {
        0 => "null",
        1 => _random.Next(2) == 0 ? "true" : "false",
        2 => Number(),
        3 or 4 => "\"" + Text() + "\"",
        5 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(4)).Select(_ => Value(depth - 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, _random.Next(4)).Select(_ => $"\"{Name()}\":{Value(depth - 1)}")) + "}",
    };

    private string Number() => _random.Next(6) switch
    {
        0 => _random.Next(-5, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => (_random.NextDouble() * 1e6 - 5e5).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        2 => "1e" + _random.Next(300, 100_000),
        3 => "-" + new string('9', _random.Next(20, 400)),
        4 => "0." + new string('0', _random.Next(10, 400)) + "1",
        _ => long.MaxValue + "0",
    };

    private string Text() => _random.Next(6) switch
    {
        0 => "",
        1 => Uuid(_random),
        2 => "\\u00e9\\n\\t\\\"",
        3 => new string('a', _random.Next(1, 3000)),
        4 => "../../etc/passwd",
        _ => "😀 ünïcödé " + _random.Next(),
    };

    /// <summary>A UUID drawn from the seeded generator, so a run repeats exactly.</summary>
    public static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private string Name() => _random.Next(3) == 0 ? fieldNames[_random.Next(fieldNames.Count)] : Text();

    private string TextMutation(out string how)
    {
        var text = validBody;
        var steps = _random.Next(1, 4);
        var recipe = new List<string>();
        for (var i = 0; i < steps; i++)
        {
            var at = _random.Next(text.Length + 1);
            switch (_random.Next(5))
            {
                case 0:
                    var token = Tokens[_random.Next(Tokens.Length)];
                    text = text.Insert(at, token);
                    recipe.Add($"insert {token} at {at}");
                    break;
                case 1:
                    var length = Math.Min(_random.Next(1, 8), text.Length - Math.Min(at, text.Length));
                    text = text.Remove(Math.Min(at, text.Length), length);
                    recipe.Add($"delete {length} at {at}");
                    break;
                case 2:
                    text = text[..at];
                    recipe.Add($"truncate at {at}");
                    break;
                case 3:
                    var start = _random.Next(text.Length);
                    var span = text.Substring(start, Math.Min(_random.Next(1, 20), text.Length - start));
                    text = text.Insert(at, span);
                    recipe.Add($"repeat {span} at {at}");
                    break;
                default:
                    var quote = text.IndexOf('"', Math.Min(at, text.Length));
                    if (quote >= 0)
                        text = text.Insert(quote + 1, "\\" + "bfnrtu/\"\\x0'"[_random.Next(12)]);
                    recipe.Add($"escape after {quote}");
                    break;
            }
        }
        how = "mutation: " + string.Join("; ", recipe);
        return text;
    }

    /// <summary>A lone surrogate escape as a value or a member name, wrapped in objects and arrays
    /// to a random depth, set as one of the operation's members or an unknown one.</summary>
    private string SurrogateAtDepth(out string how)
    {
        var surrogate = Surrogates[_random.Next(Surrogates.Length)];
        var asName = _random.Next(2) == 0;
        var inner = asName ? $"{{\"{surrogate}\":{Value(1)}}}" : $"\"{surrogate}\"";
        var depth = _random.Next(0, 20);
        for (var i = 0; i < depth; i++)
            inner = _random.Next(2) == 0 ? $"[{Value(0)},{inner}]" : $"{{\"{Name()}\":{inner}}}";
        how = $"lone surrogate {surrogate} as {(asName ? "member name" : "value")} at depth {depth}";
        return validBody.TrimEnd()[..^1] + $",\"{Name()}\":{inner}}}";
    }

    private string DuplicateMember()
    {
        var name = fieldNames[_random.Next(fieldNames.Count)];
        return validBody.TrimEnd()[..^1] + $",\"{name}\":{Value(1)}}}";
    }

    private string DeepNesting(out string how)
    {
        var depth = _random.Next(60, 2000);
        var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        how = $"nested {depth} deep";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return validBody.TrimEnd()[..^1] + $",\"{Name()}\":{nested}}}";
    }

    private string HugeNumber() => validBody.TrimEnd()[..^1] + $",\"{Name()}\":{Number()}}}";

    private FuzzBody Encoded()
    {
        var text = _random.Next(2) == 0 ? validBody : WrongShape();
        return _random.Next(9) switch
        {
            0 => new FuzzBody([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)], "application/json", "UTF-8 BOM"),
            1 => new FuzzBody(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(), "application/json", "UTF-16LE with BOM"),
            2 => new FuzzBody(Encoding.BigEndianUnicode.GetBytes(text), "application/json", "UTF-16BE"),
            3 => new FuzzBody(Encoding.UTF32.GetBytes(text), "application/json", "UTF-32LE"),
            4 => new FuzzBody(Encoding.Unicode.GetBytes(text), "application/json; charset=utf-16", "UTF-16 declared"),
            5 => new FuzzBody(Encoding.Latin1.GetBytes(text.Insert(text.Length / 2, "é")), "application/json", "Latin-1 bytes"),
            6 => new FuzzBody(InsertBytes(text, [0xED, 0xA0, 0x80]), "application/json", "UTF-8 encoded surrogate"),
            7 => new FuzzBody(InsertBytes(text, [0xC0, 0xAF]), "application/json", "overlong UTF-8"),
            _ => FlipBytes(text),
        };
    }

    private byte[] InsertBytes(string text, byte[] bytes)
    {
        var utf8 = Encoding.UTF8.GetBytes(text).ToList();
        utf8.InsertRange(_random.Next(utf8.Count + 1), bytes);
        return [.. utf8];
    }

    private FuzzBody FlipBytes(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var flips = _random.Next(1, 4);
        for (var i = 0; i < flips && bytes.Length > 0; i++)
            bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        return new FuzzBody(bytes, "application/json", $"{flips} random bytes");
    }
}
