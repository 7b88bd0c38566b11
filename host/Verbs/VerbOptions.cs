using System.CommandLine;

namespace Geopera.Clip.Host.Verbs;

/// <summary>Options several verbs share, so they read and describe them alike.</summary>
internal static class VerbOptions
{
    /// <summary>On every verb: print a failure's stack trace instead of its one line.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On failure, print the full exception with its stack trace instead of one line.",
        Recursive = true,
    };

    /// <summary>The PostgreSQL connection string, else CLIP_CONNECTION_STRING, else ConnectionStrings:Clip.</summary>
    public static Option<string> Connection() => new("--connection")
    {
        Description = "PostgreSQL connection string (default: CLIP_CONNECTION_STRING, else ConnectionStrings:Clip in appsettings.json).",
        HelpName = "CS",
    };

    /// <summary>A TCP port, refused at parse time outside 1-65535 or when not a number.</summary>
    public static Option<int> Port(string name, string description, int defaultPort) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultPort,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
                return port;
            result.AddError($"{name} must be a port number from 1 to 65535, not '{text}'.");
            return 0;
        },
    };

    /// <summary>A file argument never takes an option-looking token: System.CommandLine hands an
    /// unknown <c>--option</c> to the argument, and "could not find --bogus" would say the wrong thing.</summary>
    public static void RefuseOptionsAsPaths(Argument argument) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
                result.AddError($"Unrecognized command or argument '{token.Value}'.");
        });
}
