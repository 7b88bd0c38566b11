using System.Globalization;
using Geopera.Clip.Host.Dev;
using Npgsql;

namespace Geopera.Clip.Bench.Common;

/// <summary>
/// The PostgreSQL server a benchmark measures against: <c>CLIP_BENCH_POSTGRES</c> (a superuser
/// connection string) when set, else a throwaway cluster started here with the settings
/// <c>./clip test</c> uses (durability off: the benchmarks measure CPU and round trips, not the disk),
/// stopped and removed at the end. Knows the server's connection limit, so loads size themselves to it.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    /// <summary>As <c>./clip test</c> starts its server.</summary>
    private static readonly string[] ThrowawaySettings =
        ["max_connections=400", "fsync=off", "synchronous_commit=off", "full_page_writes=off"];

    /// <summary>Connections left for the benchmark's own bookkeeping (audit, seeding, pgbench's extra one).</summary>
    private const int SpareConnections = 8;

    private readonly ThrowawayPostgres? _throwaway;

    private BenchPostgres(string serverConnectionString, ThrowawayPostgres? throwaway, int maxConnections, ServerCpu cpu)
    {
        ServerConnectionString = serverConnectionString;
        _throwaway = throwaway;
        MaxConnections = maxConnections;
        Cpu = cpu;
    }

    /// <summary>Superuser connection string to the server's <c>postgres</c> database.</summary>
    public string ServerConnectionString { get; }

    public int MaxConnections { get; }

    /// <summary>CPU time the server's processes used (available when the server runs on this machine).</summary>
    public ServerCpu Cpu { get; }

    public string Describe => _throwaway is null
        ? $"PostgreSQL from CLIP_BENCH_POSTGRES (max_connections {MaxConnections})"
        : $"throwaway PostgreSQL on 127.0.0.1:{_throwaway.Port} ({string.Join(", ", ThrowawaySettings)})";

    public static async Task<BenchPostgres> StartAsync()
    {
        ThrowawayPostgres? throwaway = null;
        var connectionString = Environment.GetEnvironmentVariable("CLIP_BENCH_POSTGRES") is { Length: > 0 } given ? given : null;
        if (connectionString is null)
        {
            Console.WriteLine("CLIP_BENCH_POSTGRES is unset: starting a throwaway PostgreSQL…");
            throwaway = await ThrowawayPostgres.StartAsync(CancellationToken.None, ThrowawaySettings);
            connectionString = throwaway.ConnectionString("postgres");
        }
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_setting('max_connections')::int, pg_backend_pid()", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var maxConnections = reader.GetInt32(0);
            var backend = reader.GetInt32(1);
            return new BenchPostgres(connectionString, throwaway, maxConnections, ServerCpu.FromBackend(backend));
        }
        catch
        {
            if (throwaway is not null)
                await throwaway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The client count to use: the one asked for, unless the server cannot take that many
    /// connections from every side that holds them at once (<paramref name="sides"/>: a pool that
    /// stays open while pgbench runs is a second side) next to the benchmark's own. Says so up front,
    /// so a stock server (max_connections 100) gives a smaller run instead of "too many clients".</summary>
    public int Clients(int wanted, int sides = 1)
    {
        var usable = Math.Max(1, (MaxConnections - SpareConnections) / sides);
        if (wanted <= usable)
            return wanted;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"max_connections is {MaxConnections}: using {usable} clients instead of {wanted} ({sides} side(s) of up to {usable} connections " +
            $"open at once, plus {SpareConnections} spare); a server with max_connections >= {wanted * sides + SpareConnections} runs all {wanted}"));
        return usable;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_throwaway is not null)
            await _throwaway.DisposeAsync();
    }
}
