namespace Geopera.Clip.Host.Verbs;

/// <summary>Dispatches the first argument to a verb. Each verb lives in its own file.</summary>
public static class HostVerbs
{
    private sealed record Verb(string Usage, string Summary, Func<string[], Task<int>> Run);

    private static readonly Dictionary<string, Verb> Verbs = new(StringComparer.Ordinal)
    {
        ["migrate"] = new(MigrateVerb.Usage, MigrateVerb.Summary, MigrateVerb.RunAsync),
        ["seed"] = new(SeedVerb.Usage, SeedVerb.Summary, SeedVerb.RunAsync),
        ["clip"] = new(ClipVerb.Usage, "Clip one raster to an AOI on this machine (debugging).", ClipVerb.RunAsync),
        ["replay"] = new(ReplayVerb.Usage, ReplayVerb.Summary, ReplayVerb.RunAsync),
        ["serve"] = new(ServeVerb.Usage, ServeVerb.Summary, ServeVerb.RunAsync),
        ["dev"] = new(DevVerb.Usage, DevVerb.Summary, DevVerb.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage(Console.Out);
            return args.Length == 0 ? 2 : 0;
        }
        if (!Verbs.TryGetValue(args[0], out var verb))
        {
            Console.Error.WriteLine($"Unknown verb '{args[0]}'.");
            PrintUsage(Console.Error);
            return 2;
        }
        return await verb.Run(args[1..]);
    }

    private static void PrintUsage(TextWriter to)
    {
        to.WriteLine("Geopera Clip host. Usage: Geopera.Clip.Host <verb> [options]");
        foreach (var (name, verb) in Verbs)
            to.WriteLine($"  {verb.Usage,-58} {verb.Summary}");
    }
}
