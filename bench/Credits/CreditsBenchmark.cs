using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Geopera.Clip.Bench.Credits;

/// <summary>
/// Credit reservations per second (each: job row, ledger entry, account update, idempotency key, in
/// one transaction) with concurrent clients over many accounts, against pgbench's simple-update
/// (-N) with the same clients and duration on the same server. Verifies afterwards that no account is
/// overdrawn and that the ledger sums equal the account totals.
/// </summary>
internal static class CreditsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        BenchOptions? options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (options is null)
        {
            Console.Error.WriteLine("usage: credits [--seconds 10] [--clients 64] [--accounts 256]");
            return 2;
        }
        var ours = PostgresDatabases.UniqueName("clip_bench_credits");
        var reference = PostgresDatabases.UniqueName("clip_bench_pgbench");
        try
        {
            var connectionString = await PostgresDatabases.CreateAsync(options.ServerConnectionString, ours);
            // The ledger exactly as the service builds it (same pools and settings).
            await using var services = new ServiceCollection().AddLogging().AddClipDataPlatform(connectionString).BuildServiceProvider();
            var db = services.GetRequiredService<NpgsqlDataSource>();
            await DatabaseMigrator.MigrateAsync(db);
            await ReservationLoad.SeedAsync(db, options.Accounts);
            var ledger = services.GetRequiredService<CreditLedger>();

            var warmUp = new ReservationLoad(ledger, options.Accounts);
            await warmUp.RunAsync(options.Clients, TimeSpan.FromSeconds(1)); // pools, JIT, plans
            var load = new ReservationLoad(ledger, options.Accounts);
            var elapsed = await load.RunAsync(options.Clients, TimeSpan.FromSeconds(options.Seconds));
            var rate = load.Reserved / elapsed.TotalSeconds;
            var audit = await AuditAsync(db);
            Console.WriteLine($"credits: {options.Clients} clients, {options.Accounts} accounts, {elapsed.TotalSeconds:F1} s: " +
                $"{load.Reserved} reserved, {load.Refused} refused by quota -> {rate:F0} reservations/s");
            var lost = warmUp.Reserved + load.Reserved - audit.Reservations;
            Console.WriteLine($"credits: overdrawn accounts {audit.Overdrawn}, accounts whose totals differ from the ledger {audit.Mismatched}, " +
                $"successful reservations missing from the ledger {lost}");

            var referenceConnection = await PostgresDatabases.CreateAsync(options.ServerConnectionString, reference);
            var tps = await PgBench.SimpleUpdateTpsAsync(referenceConnection, options.Clients, options.Seconds);
            Console.WriteLine($"pgbench: simple-update (-N), scale {PgBench.ScaleFactor}, {options.Clients} clients, {options.Seconds} s -> {tps:F0} tps");
            Console.WriteLine($"ratio (credit reservations/s / pgbench tps): {rate / tps:F2}");
            return audit.Overdrawn == 0 && audit.Mismatched == 0 && lost == 0 ? 0 : 1;
        }
        finally
        {
            await PostgresDatabases.DropAsync(options.ServerConnectionString, ours);
            await PostgresDatabases.DropAsync(options.ServerConnectionString, reference);
        }
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
