using System.CommandLine;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Npgsql;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>migrate [--connection CS] [--create-database]</c>: bring the schema up to date.
/// Safe to run from several instances at once.</summary>
internal static class MigrateVerb
{
    public static Command Command()
    {
        var connection = VerbOptions.Connection();
        var createDatabase = new Option<bool>("--create-database")
        {
            Description = "Create the database first when it does not exist (a fresh cluster needs it).",
        };
        var command = new Command("migrate", "Apply pending schema migrations (also done at service start; safe concurrently).")
        {
            connection,
            createDatabase,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(connection), parse.GetValue(createDatabase), parse.GetValue(VerbOptions.Verbose), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(string? connection, bool createDatabase, bool verbose, TextWriter output, CancellationToken ct)
    {
        using var loggers = ConsoleLoggers();
        var logger = loggers.CreateLogger("migrate");
        try
        {
            var connectionString = ConnectionString(connection);
            if (createDatabase)
                await PostgresDatabases.EnsureExistsAsync(connectionString, ct);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var applied = await DatabaseMigrator.MigrateAsync(dataSource, logger, ct);
            await output.WriteLineAsync(applied.Count == 0 ? "Schema already up to date." : $"Applied: {string.Join(", ", applied)}");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            logger.MigrationRefused(e.Message);
            return HostVerbs.FailureExit;
        }
        catch (NpgsqlException e)
        {
            logger.MigrationDatabaseFailed(verbose ? e : null, e.Message);
            return HostVerbs.FailureExit;
        }
    }

    /// <summary>The --connection option when given, else CLIP_CONNECTION_STRING, else
    /// ConnectionStrings:Clip from appsettings.json beside the executable.</summary>
    internal static string ConnectionString(string? option) =>
        option ?? ClipConnectionString.From(new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build());

    /// <summary>One line per message; errors on stderr, where a script or a newcomer looks for them.</summary>
    internal static ILoggerFactory ConsoleLoggers() =>
        LoggerFactory.Create(builder => builder
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Error));
}
