using System.Globalization;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Bench.Common;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Geopera.Clip.Bench.Credits;

/// <summary>
/// Credit reservations per second (each: job row, ledger entry, account update, idempotency key, in
/// one transaction) with concurrent clients over many accounts, against pgbench's simple-update
/// (-N) with the same clients on the same server, interleaved round by round. Each round also
/// reports the CPU each side spent per operation (client process and server processes), the figure
/// that does not depend on how busy the machine is. Verifies afterwards that no account is
/// overdrawn and that the ledger sums equal the account totals. The ratio is the last line.
/// </summary>
internal static class CreditsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (BenchOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        await using var server = await BenchPostgres.StartAsync();
        // The service's pools stay open (idle) while pgbench opens its own connections: two sides.
        var clients = server.Clients(options.Clients, sides: 2);
        var ours = PostgresDatabases.UniqueName("clip_bench_credits");
        var reference = PostgresDatabases.UniqueName("clip_bench_pgbench");
        try
        {
            // Pools capped at the client count, so the service's side never holds more than was sized for.
            var connectionString = new NpgsqlConnectionStringBuilder(await PostgresDatabases.CreateAsync(server.ServerConnectionString, ours))
            {
                MaxPoolSize = clients,
            }.ConnectionString;
            // The ledger exactly as the service builds it (same pools and settings).
            await using var services = new ServiceCollection().AddLogging().AddClipDataPlatform(connectionString).BuildServiceProvider();
            var db = services.GetRequiredService<NpgsqlDataSource>();
            await DatabaseMigrator.MigrateAsync(db);
            await ReservationLoad.SeedAsync(db, options.Accounts);
            var ledger = services.GetRequiredService<CreditLedger>();
            var referenceConnection = await PostgresDatabases.CreateAsync(server.ServerConnectionString, reference);
            await PgBench.InitializeAsync(referenceConnection);
            Console.WriteLine($"credits vs pgbench simple-update (-N, scale {PgBench.ScaleFactor}): {clients} clients, {options.Accounts} accounts, " +
                $"{options.Seconds} s per side, {options.Rounds} interleaved rounds; {Environment.ProcessorCount} cores; {server.Describe}");

            var load = new ReservationLoad(ledger, options.Accounts);
            await load.RunAsync(clients, TimeSpan.FromSeconds(1)); // pools, JIT, plans
            var rounds = new Rounds("credits", "/s");
            for (var round = 0; round < options.Rounds; round++)
            {
                var (reserved, ourSeconds, ourCpu) = await MeasureAsync(server, async () =>
                {
                    var before = load.Reserved;
                    var elapsed = await load.RunAsync(clients, TimeSpan.FromSeconds(options.Seconds));
                    return (load.Reserved - before, elapsed.TotalSeconds);
                }, ProcessCpu.Own);
                var (transactions, pgbenchSeconds, pgbenchCpu) = await MeasureAsync(server, async () =>
                {
                    var run = await PgBench.RunAsync(referenceConnection, clients, options.Seconds);
                    return (run.Transactions, run.Transactions / run.Tps);
                }, ProcessCpu.ReapedChildren);
                rounds.Add(new Round(reserved / ourSeconds, transactions / pgbenchSeconds),
                    $"CPU per operation: reservation {ourCpu.Describe(reserved)}, pgbench {pgbenchCpu.Describe(transactions)}");
            }

            var audit = await AuditAsync(db);
            var lost = load.Reserved - audit.Reservations;
            Console.WriteLine($"credits: {load.Reserved} reserved, {load.Refused} refused by quota; overdrawn accounts {audit.Overdrawn}, " +
                $"accounts whose totals differ from the ledger {audit.Mismatched}, successful reservations missing from the ledger {lost}");
            Console.WriteLine(rounds.Summary("reservations/s", "pgbench tps"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio (credit reservations/s / pgbench tps): {rounds.MedianRatio:F2} (median of {rounds.All.Count} rounds; target >= 0.6)"));
            return audit.Overdrawn == 0 && audit.Mismatched == 0 && lost == 0 ? 0 : 1;
        }
        finally
        {
            await PostgresDatabases.DropAsync(server.ServerConnectionString, ours);
            await PostgresDatabases.DropAsync(server.ServerConnectionString, reference);
        }
    }

    /// <summary>CPU seconds of the client side and of the server over one run.</summary>
    private sealed record CpuSplit(double Client, double Server)
    {
        public string Describe(long operations) => string.Create(CultureInfo.InvariantCulture,
            $"client {Client / operations * 1e6:F0} µs + server {Server / operations * 1e6:F0} µs");
    }

    private static async Task<(long Operations, double Seconds, CpuSplit Cpu)> MeasureAsync(
        BenchPostgres server, Func<Task<(long Operations, double Seconds)>> run, Func<double> clientCpu)
    {
        var (client, serverCpu) = (clientCpu(), server.Cpu.Seconds());
        var (operations, seconds) = await run();
        return (operations, seconds, new CpuSplit(clientCpu() - client, server.Cpu.Seconds() - serverCpu));
    }

    private static async Task<(long Overdrawn, long Mismatched, long Reservations)> AuditAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            WITH sums AS (
                SELECT a.organization_id, a.limit_units, a.reserved_units, a.committed_units,
                       coalesce(sum(l.units) FILTER (WHERE l.kind = 'reserve'), 0) - coalesce(sum(l.units) FILTER (WHERE l.kind <> 'reserve'), 0) AS ledger_reserved,
                       coalesce(sum(l.units) FILTER (WHERE l.kind = 'commit'), 0) AS ledger_committed
                FROM credit_accounts a LEFT JOIN credit_ledger l ON l.organization_id = a.organization_id
                GROUP BY a.organization_id)
            SELECT count(*) FILTER (WHERE reserved_units + committed_units > limit_units),
                   count(*) FILTER (WHERE reserved_units <> ledger_reserved OR committed_units <> ledger_committed),
                   (SELECT count(*) FROM credit_ledger WHERE kind = 'reserve')
            FROM sums
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
