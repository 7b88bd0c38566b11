using Geopera.Clip.Activities.DataPlatform.Schema;
using Npgsql;

namespace Geopera.Clip.Host.Health;

/// <summary>The application database answers and carries every migration this build knows (a
/// database behind the code fails every store call in ways a load balancer cannot see).</summary>
public sealed class DatabaseReadinessCheck(NpgsqlDataSource dataSource) : IReadinessCheck
{
    private static readonly int[] Expected = [.. Migration.Embedded().Select(m => m.Version)];

    public string Name => "database";

    public async Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        int[] applied;
        try
        {
            await using var command = dataSource.CreateCommand("SELECT coalesce(array_agg(version), '{}') FROM schema_migrations");
            applied = (int[])(await command.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return NotMigrated(Expected);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return ReadinessResult.Fail($"The database is unreachable: {e.Message}",
                "Check that PostgreSQL is up and that ConnectionStrings:Clip (CLIP_CONNECTION_STRING for verbs) points at it.");
        }
        var missing = Expected.Except(applied).ToArray();
        return missing.Length == 0 ? ReadinessResult.Pass($"schema at version {Expected[^1]}") : NotMigrated(missing);
    }

    private static ReadinessResult NotMigrated(int[] missing) => ReadinessResult.Fail(
        $"Migrations not applied: {string.Join(", ", missing)}.",
        "Run `host migrate` against this database (the service also migrates at start; see its log for why that failed).");
}
