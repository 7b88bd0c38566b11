using Geopera.Clip.Host.Hosting;
using Npgsql;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>serve [--urls URLS] [--roles api,worker,warp]</c>: run the API and/or the workers.
/// Other <c>--Section:Key value</c> options override configuration.</summary>
internal static class ServeVerb
{
    public const string Usage = "serve [--urls URLS] [--roles api,worker,warp]";
    public const string Summary = "run the op API and the Temporal workers (roles selectable)";

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = new List<string>();
        Dictionary<string, string?>? overrides = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] != "--roles")
            {
                rest.Add(args[i]);
                continue;
            }
            if (i + 1 >= args.Length)
                return Fail("--roles needs a value, e.g. --roles api,worker");
            (overrides, var problem) = ClipRoles.Parse(args[++i]);
            if (problem is not null)
                return Fail(problem);
        }
        await using var app = ClipApplication.Create([.. rest], overrides);
        try
        {
            // Not RunAsync: it disposes the host, and the exit code needs the stopped services.
            await app.StartAsync();
            await app.WaitForShutdownAsync();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"The service could not prepare its database: {e.Message}. Check ConnectionStrings:Clip " +
                "(or CLIP_CONNECTION_STRING); `host migrate --create-database` creates a missing database.");
            return 1;
        }
        return HostExit.Code(app.Services);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine($"usage: {Usage}");
        return 2;
    }
}
