using System.CommandLine;
using Geopera.Clip.Host.Hosting;
using Npgsql;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>serve [--urls URLS] [--roles api,worker,warp] [--Section:Key value ...]</c>: run the
/// API and/or the workers. Configuration keys given as <c>--Section:Key value</c> (or
/// <c>--Section:Key=value</c>) override appsettings.json and the environment; anything else that is
/// not an option is refused before the service starts.</summary>
internal static class ServeVerb
{
    public const string DefaultUrls = "http://localhost:5000";

    public static Command Command()
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Addresses to listen on, ';'-separated (default: Urls in appsettings.json, else {DefaultUrls}).",
            HelpName = "URLS",
        };
        var roles = new Option<Dictionary<string, string?>?>("--roles")
        {
            Description = "Which parts this process runs, comma-separated: api, worker, warp (default: all).",
            HelpName = "api,worker,warp",
            CustomParser = result =>
            {
                var (settings, problem) = ClipRoles.Parse(result.Tokens.Count == 1 ? result.Tokens[0].Value : "");
                if (problem is not null)
                    result.AddError(problem);
                return settings;
            },
        };
        var command = new Command("serve", "Run the op API and the Temporal workers (roles selectable); --Section:Key value overrides configuration.")
        {
            urls,
            roles,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, _) =>
        {
            if (ConfigurationOverrides.Problem(parse.UnmatchedTokens) is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(HostVerbs.UsageLine("serve", problem));
                return HostVerbs.UsageExit;
            }
            var overrides = parse.GetValue(roles) ?? [];
            if (parse.GetValue(urls) is { } given)
                overrides["Urls"] = given;
            return await RunAsync([.. parse.UnmatchedTokens], overrides, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] configuration, Dictionary<string, string?> overrides, TextWriter error)
    {
        await using var app = ClipApplication.Create(configuration, overrides);
        try
        {
            // Not RunAsync: it disposes the host, and the exit code needs the stopped services.
            await app.StartAsync();
            await app.WaitForShutdownAsync();
        }
        catch (NpgsqlException e)
        {
            await error.WriteLineAsync($"The service could not prepare its database: {e.Message}. Check ConnectionStrings:Clip " +
                "(or CLIP_CONNECTION_STRING); `host migrate --create-database` creates a missing database.");
            return HostVerbs.FailureExit;
        }
        return HostExit.Code(app.Services);
    }
}
