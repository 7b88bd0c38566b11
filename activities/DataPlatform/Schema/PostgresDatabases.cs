using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Schema;

/// <summary>Creating and dropping whole databases on a server (tests, benchmarks, <c>host dev</c>).
/// Names are generated or validated here because DDL cannot take parameters.</summary>
public static class PostgresDatabases
{
    /// <summary>A fresh, valid database name: <c>{prefix}_{32 hex}</c>.</summary>
    public static string UniqueName(string prefix) => $"{ValidateName(prefix)}_{Guid.NewGuid():N}";

    /// <summary>Create <paramref name="database"/> on the server of <paramref name="serverConnectionString"/>
    /// and return a connection string to it.</summary>
    public static async Task<string> CreateAsync(string serverConnectionString, string database, CancellationToken ct = default)
    {
        ValidateName(database);
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync(ct);
        }
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
    }

    /// <summary>Create the database of <paramref name="connectionString"/> unless it exists (connects
    /// to the server's <c>postgres</c> database to do so).</summary>
    public static async Task EnsureExistsAsync(string connectionString, CancellationToken ct = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = ValidateName(builder.Database ?? throw new ArgumentException("The connection string names no Database.", nameof(connectionString)));
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is not null)
            return;
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it at the same moment: that is what we wanted.
        }
    }

    /// <summary>Drop the database, disconnecting its sessions; nothing happens when it is absent.</summary>
    public static async Task DropAsync(string serverConnectionString, string database, CancellationToken ct = default)
    {
        ValidateName(database);
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string ValidateName(string name)
    {
        if (name.Length is 0 or > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            throw new ArgumentException($"'{name}' is not a database name this tool creates (lower-case letters, digits, '_', at most 63).", nameof(name));
        return name;
    }
}
