using System.Text;
using System.Text.Json;
using Geopera.Clip.Host.Api.Pipeline;

namespace Geopera.Clip.Host.Api.Json;

/// <summary>
/// Finds the first string or member name of a JSON text that has no .NET string: JSON allows
/// escapes of lone UTF-16 surrogates (<c>"\ud800"</c>), which parse but throw when read as text.
/// Checked once, right after parsing, so no reader further on meets one.
/// </summary>
public static class UndecodableStrings
{
    private const int MaxEchoedName = 64;

    /// <summary>The path of the first undecodable string or member name (<c>a.b[2]</c>; a member
    /// whose own name is undecodable is named by its escaped text), or null when every one decodes.
    /// The text must already be valid JSON.</summary>
    public static string? FindFirst(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = RequestBody.MaxDepth });
        var path = new List<PathSegment>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (!Decodes(ref reader))
                        return Format(path, Escaped(ref reader));
                    SetMember(path, reader.GetString()!);
                    break;
                case JsonTokenType.String:
                    if (!Decodes(ref reader))
                        return Format(path, null);
                    NextItem(path);
                    break;
                case JsonTokenType.StartObject:
                    path.Add(new PathSegment(IsArray: false, Member: null, Index: -1));
                    break;
                case JsonTokenType.StartArray:
                    path.Add(new PathSegment(IsArray: true, Member: null, Index: -1));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    NextItem(path);
                    break;
                default:
                    NextItem(path);
                    break;
            }
        }
        return null;
    }

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
            return true;
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Escaped(ref Utf8JsonReader reader)
    {
        // The reader spans one buffer here, so ValueSpan holds the whole escaped name.
        var raw = Encoding.UTF8.GetString(reader.ValueSpan);
        return raw.Length <= MaxEchoedName ? raw : raw[..MaxEchoedName] + "…";
    }

    // A scalar or a closed container inside an array moves the array on to its next index.
    private static void NextItem(List<PathSegment> path)
    {
        if (path.Count > 0 && path[^1].IsArray)
            path[^1] = path[^1] with { Index = path[^1].Index + 1 };
    }

    private static void SetMember(List<PathSegment> path, string name) => path[^1] = path[^1] with { Member = name };

    private static string Format(List<PathSegment> path, string? undecodableMember)
    {
        var text = new StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i].IsArray)
            {
                // The item being read is the one after the last finished item.
                text.Append('[').Append(path[i].Index + 1).Append(']');
                continue;
            }
            var member = i == path.Count - 1 && undecodableMember is not null ? undecodableMember : path[i].Member;
            if (member is not null)
                Append(text, JsonFields.Printable(member));
        }
        return text.Length == 0 ? "(body)" : text.ToString();
    }

    private static void Append(StringBuilder text, string member)
    {
        if (text.Length > 0)
            text.Append('.');
        text.Append(member);
    }

    private readonly record struct PathSegment(bool IsArray, string? Member, int Index);
}
