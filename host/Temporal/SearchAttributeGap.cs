using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Enums.V1;

namespace Geopera.Clip.Host.Temporal;

/// <summary>What a namespace lacks of the clip search attributes: names it does not know, and
/// names it knows with another type (which adding cannot fix).</summary>
public sealed record SearchAttributeGap(IReadOnlyDictionary<string, IndexedValueType> Missing, IReadOnlyList<string> WrongType)
{
    /// <summary>Every attribute the workflow and its start options set, with its type.</summary>
    public static IReadOnlyDictionary<string, IndexedValueType> Required { get; } =
        ClipSearchAttributes.All.ToDictionary(key => key.Name, key => key.ValueType, StringComparer.Ordinal);

    public bool None => Missing.Count == 0 && WrongType.Count == 0;

    public static SearchAttributeGap Between(IReadOnlyDictionary<string, IndexedValueType> registered) => new(
        Required.Where(r => !registered.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
        [.. Required.Where(r => registered.TryGetValue(r.Key, out var type) && type != r.Value)
            .Select(r => $"{r.Key} (registered as {TypeName(registered[r.Key])}, needs {TypeName(r.Value)})")]);

    /// <summary>The <c>temporal</c> CLI command that registers <see cref="Missing"/> on <paramref name="ns"/>.</summary>
    public string CreateCommand(string ns) =>
        $"temporal operator search-attribute create --namespace {ns} " +
        string.Join(' ', Missing.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"--name {m.Key} --type {TypeName(m.Value)}"));

    /// <summary>The attributes the namespace lacks, for messages: "ClipJobStatus, ClipProjectId".</summary>
    public string Describe() => string.Join(", ", Missing.Keys.Order(StringComparer.Ordinal).Concat(WrongType));

    // The generated enum's names are the CLI's and the UI's: Keyword, Text, Int, Double, Bool, Datetime, KeywordList.
    private static string TypeName(IndexedValueType type) => type.ToString();
}
