using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Schema;

/// <summary>
/// Applies the embedded migrations: the versioned ones in order (each once, never edited), then the
/// repeatable ones (database functions, one definition each) whose text differs from what the
/// database last ran, recorded in <c>schema_repeatable</c>. Safe when several instances start
/// together: everything runs in one transaction that first takes a transaction-scoped advisory
/// lock, so concurrent runners queue, and each later one finds its work already recorded.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>Arbitrary but fixed: the advisory lock key every migrator of this schema agrees on.</summary>
    private const long AdvisoryLockKey = 0x636C_6970_6D69_67; // "clipmig"

    /// <summary>Apply pending migrations; returns the names applied by this call, versioned ones first
    /// (empty when the schema was already current).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken ct = default)
    {
        logger ??= NullLogger.Instance;
        var migrations = Migration.Embedded();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock($1)", ct, AdvisoryLockKey);
        await ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, ct);
        await ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_repeatable (
                name       text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, ct);
        var applied = await AppliedAsync(connection, tx, ct);
        var newlyApplied = new List<string>();
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                    throw new InvalidOperationException(
                        $"Migration {migration.Name} was changed after it was applied. Never edit an applied migration: add a new one.");
                continue;
            }
            logger.MigrationApplying(migration.Name);
            await ExecuteAsync(connection, tx, migration.Sql, ct);
            await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", ct,
                migration.Version, migration.Name, migration.Checksum);
            newlyApplied.Add(migration.Name);
        }
        var unknown = applied.Keys.Where(v => migrations.All(m => m.Version != v)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException(
                $"The database has migrations this build does not know ({string.Join(", ", unknown)}): it was migrated by a newer version. Deploy that version or newer.");
        newlyApplied.AddRange(await ApplyRepeatableAsync(connection, tx, logger, ct));
        await tx.CommitAsync(ct);
        logger.SchemaCurrent(migrations[^1].Version, newlyApplied.Count);
        return newlyApplied;
    }

    /// <summary>After the versioned migrations, so a definition may use everything they create.</summary>
    private static async Task<List<string>> ApplyRepeatableAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ILogger logger, CancellationToken ct)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT name, checksum FROM schema_repeatable", connection, tx))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                applied[reader.GetString(0)] = reader.GetString(1);
        var names = new List<string>();
        foreach (var repeatable in RepeatableMigration.Embedded())
        {
            if (applied.GetValueOrDefault(repeatable.Name) == repeatable.Checksum)
                continue;
            logger.RepeatableMigrationApplying(repeatable.Name);
            await ExecuteAsync(connection, tx, repeatable.Sql, ct);
            await ExecuteAsync(connection, tx, """
                INSERT INTO schema_repeatable (name, checksum) VALUES ($1, $2)
                ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()
                """, ct, repeatable.Name, repeatable.Checksum);
            names.Add(repeatable.Name);
        }
        return names;
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection, tx);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(ct))
            applied[reader.GetInt32(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] parameters)
    {
        // No deadline: a migration may rewrite a large table, and the advisory lock waits for
        // another instance's migration; the service's per-call database timeout is for requests.
        await using var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(ct);
    }
}
