using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>migrate [--connection CS] [--create-database]</c>: bring the schema up to date.
/// Safe to run from several instances at once.</summary>
internal static class MigrateVerb
{
    public const string Usage = "migrate [--connection CS] [--create-database]";
    public const string Summary = "apply pending schema migrations";

    public static async Task<int> RunAsync(string[] args)
    {
        string? connection = null;
        var createDatabase = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--connection" && i + 1 < args.Length)
                connection = args[++i];
            else if (args[i] == "--create-database")
                createDatabase = true;
            else
            {
                Console.Error.WriteLine($"usage: {Usage}");
                return 2;
            }
        }
        using var loggers = ConsoleLoggers();
        var logger = loggers.CreateLogger("migrate");
        try
        {
            var connectionString = ConnectionString(connection);
            if (createDatabase)
                await PostgresDatabases.EnsureExistsAsync(connectionString);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var applied = await DatabaseMigrator.MigrateAsync(dataSource, logger);
            Console.WriteLine(applied.Count == 0 ? "Schema already up to date." : $"Applied: {string.Join(", ", applied)}");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            logger.MigrationRefused(e.Message);
            return 1;
        }
        catch (NpgsqlException e)
        {
            logger.MigrationDatabaseFailed(e, e.Message);
            return 1;
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

    internal static ILoggerFactory ConsoleLoggers() =>
        LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true));
}
