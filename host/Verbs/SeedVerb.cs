using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Activities.DataPlatform.Seeding;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>seed FILE.json [--connection CS]</c>: upsert organizations, keys, projects, items and
/// credit limits from a seed document (docs/seed-format.md). Re-running the same file changes nothing.</summary>
internal static class SeedVerb
{
    public const string Usage = "seed FILE.json [--connection CS]";
    public const string Summary = "upsert organizations, API keys, projects, items, areas, credit limits";

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.ToList();
        string? connection = null;
        var at = rest.IndexOf("--connection");
        if (at >= 0 && at + 1 < rest.Count)
        {
            connection = rest[at + 1];
            rest.RemoveRange(at, 2);
        }
        if (rest.Count != 1 || rest[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"usage: {Usage}");
            return 2;
        }
        var file = rest[0];
        using var loggers = MigrateVerb.ConsoleLoggers();
        var logger = loggers.CreateLogger("seed");
        try
        {
            var document = SeedDocument.Parse(await File.ReadAllTextAsync(file));
            await using var dataSource = NpgsqlDataSource.Create(MigrateVerb.ConnectionString(connection));
            await DatabaseMigrator.MigrateAsync(dataSource, logger);
            var changes = await new SeedImporter(dataSource, loggers.CreateLogger<SeedImporter>()).ApplyAsync(document, CancellationToken.None);
            Console.WriteLine(changes == 0 ? "Nothing to change: the database already matches the seed." : $"Seed applied: {changes} row(s) inserted or changed.");
            return 0;
        }
        catch (Exception e) when (e is SeedException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.SeedRefused(e.Message);
            return 1;
        }
        catch (NpgsqlException e)
        {
            logger.SeedDatabaseFailed(e, e.Message);
            return 1;
        }
    }
}
