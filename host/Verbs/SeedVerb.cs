using System.CommandLine;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Activities.DataPlatform.Seeding;
using Npgsql;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>seed FILE.json [--connection CS]</c>: upsert organizations, keys, projects, items and
/// credit limits from a seed document (docs/seed-format.md). Re-running the same file changes nothing.</summary>
internal static class SeedVerb
{
    public static Command Command()
    {
        var file = new Argument<FileInfo>("FILE.json") { Description = "The seed document (docs/seed-format.md), relative to the current folder." };
        VerbOptions.RefuseOptionsAsPaths(file);
        var connection = VerbOptions.Connection();
        var command = new Command("seed", "Upsert organizations, API keys, projects, items, delivery areas and credit limits from a seed file.")
        {
            file,
            connection,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetRequiredValue(file), parse.GetValue(connection), parse.GetValue(VerbOptions.Verbose),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, string? connection, bool verbose, TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var loggers = MigrateVerb.ConsoleLoggers();
        var logger = loggers.CreateLogger("seed");
        try
        {
            var document = SeedDocument.Parse(await File.ReadAllTextAsync(file.FullName, ct));
            await using var dataSource = NpgsqlDataSource.Create(MigrateVerb.ConnectionString(connection));
            await DatabaseMigrator.MigrateAsync(dataSource, logger, ct);
            var changes = await new SeedImporter(dataSource, loggers.CreateLogger<SeedImporter>()).ApplyAsync(document, ct);
            await output.WriteLineAsync(changes == 0 ? "Nothing to change: the database already matches the seed." : $"Seed applied: {changes} row(s) inserted or changed.");
            return 0;
        }
        catch (SeedException e) when (e.Mistakes.Count > 1)
        {
            // One line per mistake, so a file with several is fixed in one pass.
            await error.WriteLineAsync($"seed: {e.Mistakes.Count} mistakes in {file.FullName}; nothing was written:");
            foreach (var mistake in e.Mistakes)
                await error.WriteLineAsync($"  {mistake}");
            return HostVerbs.FailureExit;
        }
        catch (Exception e) when (e is SeedException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.SeedRefused(e.Message);
            return HostVerbs.FailureExit;
        }
        catch (NpgsqlException e)
        {
            logger.SeedDatabaseFailed(verbose ? e : null, e.Message);
            return HostVerbs.FailureExit;
        }
    }
}
