namespace Geopera.Clip.Host.Verbs;

/// <summary>
/// The <c>--Section:Key value</c> / <c>--Section:Key=value</c> arguments <c>serve</c> hands to the
/// configuration. Only keys with a section are taken, so a mistyped option (<c>--url</c>,
/// <c>--no-such-option</c>) is refused instead of becoming a setting nothing reads.
/// </summary>
internal static class ConfigurationOverrides
{
    /// <summary>Null when every argument is a well-formed override, else one sentence naming the first bad one.</summary>
    public static string? Problem(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var key = argument.StartsWith("--", StringComparison.Ordinal) ? argument[2..].Split('=', 2)[0] : "";
            if (!key.Contains(':', StringComparison.Ordinal) || key.StartsWith(':') || key.EndsWith(':'))
                return $"Unrecognized command or argument '{argument}' (configuration is given as --Section:Key value).";
            if (argument.Contains('=', StringComparison.Ordinal))
                continue;
            if (i + 1 >= arguments.Count || arguments[i + 1].StartsWith("--", StringComparison.Ordinal))
                return $"{argument} needs a value.";
            i++;
        }
        return null;
    }
}
