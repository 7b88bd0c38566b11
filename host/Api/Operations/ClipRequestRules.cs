namespace Geopera.Clip.Host.Api.Operations;

/// <summary>Pure rules for the values of create requests; each returns null when the value is
/// fine, else what is wrong with it (shown to the caller).</summary>
public static partial class ClipRequestRules
{
    // The rules as ECMA-262 patterns, for the request schemas of the OpenAPI document. The checks
    // below use the same patterns (control characters are refused before any pattern is tried).
    public const string KeyPattern = "^[A-Za-z0-9._:-]+$";
    public const string OutputNamePattern = "^(?!\\.)(?!.*\\.\\.)[A-Za-z0-9._-]+$";
    /// <summary>Any text without control characters (<see cref="char.IsControl(char)"/>).</summary>
    public const string TextPattern = "^[^\\x00-\\x1F\\x7F-\\x9F]+$";
    /// <summary>Text without control characters that is not blank.</summary>
    public const string LabelPattern = "^(?=[\\s\\S]*\\S)[^\\x00-\\x1F\\x7F-\\x9F]+$";
    public const string UuidPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
    public const int MaxLabelLength = 200;

    public const string DefaultOutputName = "clip";
    public const int MaxAssetKeys = 32;
    public const int MaxKeyLength = 64;
    public const int MaxOutputNameLength = 100;

    /// <summary>A safe file name: it becomes <c>clips/{job}/{name}_{mosaic}.tif</c> in storage and a
    /// download file name, so no path separators, no traversal, no leading dot.</summary>
    public static string? OutputNameProblem(string name)
    {
        if (name.Length > MaxOutputNameLength)
            return $"must be at most {MaxOutputNameLength} characters";
        if (!name.All(IsNameChar))
            return "may only contain A-Z a-z 0-9 . _ -";
        if (!OutputName().IsMatch(name))
            return "must not start with '.' or contain '..'";
        return null;
    }

    /// <summary>Asset keys and mosaic types: short identifiers as the data platform stores them.</summary>
    public static string? KeyProblem(string key) =>
        Key().IsMatch(key) ? null : "may only contain A-Z a-z 0-9 . _ - :";

    /// <summary>Labels are free text but bounded and printable.</summary>
    public static string? LabelProblem(string label) =>
        label.Trim().Length == 0 ? "must not be blank" : null;

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    [System.Text.RegularExpressions.GeneratedRegex(KeyPattern)]
    private static partial System.Text.RegularExpressions.Regex Key();

    [System.Text.RegularExpressions.GeneratedRegex(OutputNamePattern)]
    private static partial System.Text.RegularExpressions.Regex OutputName();
}
