namespace Geopera.Clip.Host.Dev;

/// <summary>Command-line options of <c>host dev</c>.</summary>
public sealed record DevOptions(
    string? Connection,
    string? TemporalAddress,
    string StorageRoot,
    string Urls,
    int UiPort,
    string? Problem)
{
    public const string DefaultUrls = "http://127.0.0.1:8000";
    public const int DefaultUiPort = 8233;

    public static DevOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("--connection" or "--temporal" or "--storage" or "--urls" or "--ui-port"))
                return Invalid($"Unknown option '{args[i]}'.");
            if (i + 1 >= args.Count)
                return Invalid($"{args[i]} needs a value.");
            values[args[i]] = args[++i];
        }
        var uiPort = DefaultUiPort;
        if (values.TryGetValue("--ui-port", out var port) && (!int.TryParse(port, out uiPort) || uiPort is < 1 or > 65535))
            return Invalid($"--ui-port must be a port number, not '{port}'.");
        return new DevOptions(
            values.GetValueOrDefault("--connection"),
            values.GetValueOrDefault("--temporal"),
            values.GetValueOrDefault("--storage") ?? Path.Combine(".dev", "storage"),
            values.GetValueOrDefault("--urls") ?? DefaultUrls,
            uiPort,
            null);
    }

    private static DevOptions Invalid(string problem) =>
        new(null, null, "", DefaultUrls, DefaultUiPort, problem);
}
