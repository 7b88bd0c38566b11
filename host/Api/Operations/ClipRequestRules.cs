namespace Geopera.Clip.Host.Api.Operations;

/// <summary>Pure rules for the values of create requests; each returns null when the value is
/// fine, else what is wrong with it (shown to the caller).</summary>
public static class ClipRequestRules
{
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
        if (name.StartsWith('.') || name.Contains("..", StringComparison.Ordinal))
            return "must not start with '.' or contain '..'";
        return null;
    }

    /// <summary>Asset keys and mosaic types: short identifiers as the data platform stores them.</summary>
    public static string? KeyProblem(string key) =>
        key.All(c => IsNameChar(c) || c == ':') ? null : "may only contain A-Z a-z 0-9 . _ - :";

    /// <summary>Labels are free text but bounded and printable.</summary>
    public static string? LabelProblem(string label) =>
        label.Trim().Length == 0 ? "must not be blank" : null;

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
