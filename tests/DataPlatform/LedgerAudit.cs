using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>The credit invariants, checked against the database: account totals equal the ledger sums,
/// and no account is overdrawn.</summary>
internal static class LedgerAudit
{
    public static async Task AssertConsistentAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            SELECT a.organization_id, a.reserved_units, a.committed_units, a.limit_units,
                   coalesce(sum(l.units) FILTER (WHERE l.kind = 'reserve'), 0) - coalesce(sum(l.units) FILTER (WHERE l.kind <> 'reserve'), 0),
                   coalesce(sum(l.units) FILTER (WHERE l.kind = 'commit'), 0)
            FROM credit_accounts a LEFT JOIN credit_ledger l ON l.organization_id = a.organization_id
            GROUP BY a.organization_id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var organization = reader.GetString(0);
            Assert.True(reader.GetInt64(1) == reader.GetInt64(4), $"{organization}: reserved {reader.GetInt64(1)} but ledger says {reader.GetInt64(4)}");
            Assert.True(reader.GetInt64(2) == reader.GetInt64(5), $"{organization}: committed {reader.GetInt64(2)} but ledger says {reader.GetInt64(5)}");
            Assert.True(reader.GetInt64(1) + reader.GetInt64(2) <= reader.GetInt64(3), $"{organization} is overdrawn");
        }
    }
}
