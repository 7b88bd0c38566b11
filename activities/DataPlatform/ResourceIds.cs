using System.Text.RegularExpressions;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>
/// The id grammar of organizations, projects, collections, items and delivery areas: what the seed
/// accepts and the API lets callers name, so that every seeded resource can be reached. UUIDs
/// qualify; so do readable ids such as <c>project-demo</c>. Job ids are always UUIDs we mint.
/// </summary>
public static partial class ResourceIds
{
    public const int MaxLength = 128;
    public const string Rule = "1-128 characters of A-Z a-z 0-9 . _ : -, starting with a letter or digit (a UUID qualifies)";

    /// <summary>The grammar as an ECMA-262 pattern (for the OpenAPI document): the same as <see cref="Pattern"/>,
    /// whose <c>\z</c> keeps .NET's <c>$</c> from accepting a trailing newline.</summary>
    public const string EcmaPattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z")]
    private static partial Regex Pattern();
}
