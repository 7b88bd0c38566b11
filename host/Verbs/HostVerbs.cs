using System.CommandLine;
using System.CommandLine.Invocation;

namespace Geopera.Clip.Host.Verbs;

/// <summary>
/// The host's command line, parsed one way for every verb (System.CommandLine): each verb has
/// <c>--help</c> (exit 0) and typed options; an unknown or bad argument is one line on stderr and
/// exit 2; a verb that fails prints one line (the stack trace only with <c>--verbose</c>) and exit 1.
/// Each verb lives in its own file and builds its own <see cref="Command"/>.
/// </summary>
public static class HostVerbs
{
    public const int UsageExit = 2;
    public const int FailureExit = 1;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(Root(), args, output, error);

    /// <summary>Runs <paramref name="command"/> (the root, or one verb in tests) with the host's error handling.</summary>
    internal static async Task<int> RunAsync(Command command, string[] args, TextWriter output, TextWriter error)
    {
        var parse = command.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            await error.WriteLineAsync(UsageError(parse));
            return UsageExit;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // A newcomer needs what went wrong and what to do; the trace is for whoever debugs the host.
            await error.WriteLineAsync(parse.GetValue(VerbOptions.Verbose)
                ? e.ToString()
                : $"{parse.CommandResult.Command.Name} failed: {e.Message.ReplaceLineEndings(" ")} ({e.GetType().Name}; --verbose shows where)");
            return FailureExit;
        }
    }

    /// <summary>The parsed command line, for tests that check what a verb reads.</summary>
    internal static ParseResult Parse(string[] args) => Root().Parse(args);

    private static RootCommand Root()
    {
        var root = new RootCommand("Geopera Clip host: the op API, the Temporal workers and the operator verbs.")
        {
            ServeVerb.Command(),
            DevVerb.Command(),
            MigrateVerb.Command(),
            SeedVerb.Command(),
            ReplayVerb.Command(),
            ClipVerb.Command(),
        };
        root.Options.Add(VerbOptions.Verbose);
        return root;
    }

    /// <summary>Every parse error of the command line in one line, naming the verb's --help.</summary>
    private static string UsageError(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (command is RootCommand)
        {
            var verbs = string.Join(", ", command.Subcommands.Select(verb => verb.Name));
            var unknown = parse.UnmatchedTokens.Count > 0 ? parse.UnmatchedTokens[0] : null;
            return unknown is null
                ? $"Name a verb: {verbs} (--help describes them)."
                : $"Unknown verb '{unknown}': use one of {verbs} (--help describes them).";
        }
        return UsageLine(command.Name, string.Join(" ", parse.Errors.Select(e => e.Message).Distinct()));
    }

    /// <summary>The one line every usage error is printed as.</summary>
    internal static string UsageLine(string verb, string problem) =>
        $"{verb}: {problem.ReplaceLineEndings(" ")} See '{verb} --help'.";
}
