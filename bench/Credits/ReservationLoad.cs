using System.Diagnostics;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Npgsql;

namespace Geopera.Clip.Bench.Credits;

/// <summary>Accounts for the benchmark and concurrent clients reserving credits for fresh jobs.</summary>
internal sealed class ReservationLoad(CreditLedger ledger, int accounts)
{
    /// <summary>Every <see cref="TightEvery"/>th account has a small limit, so quota refusals happen
    /// under full concurrency too; the others have ample headroom.</summary>
    public const int TightEvery = 16;
    public const long TightLimit = 2_000;
    public const long AmpleLimit = 1_000_000_000;

    private const string Aoi = """{"type":"Polygon","coordinates":[[[151.20,-33.86],[151.22,-33.86],[151.22,-33.84],[151.20,-33.84],[151.20,-33.86]]]}""";

    public long Reserved;
    public long Refused;

    public static async Task SeedAsync(NpgsqlDataSource db, int accounts)
    {
        await using var batch = db.CreateBatch();
        foreach (var sql in new[]
        {
            "INSERT INTO organizations (id, name) SELECT 'bench-org-' || i, 'Bench ' || i FROM generate_series(1, $1) i",
            "INSERT INTO credit_accounts (organization_id, limit_units) SELECT 'bench-org-' || i, CASE WHEN i % $2 = 0 THEN $3 ELSE $4 END FROM generate_series(1, $1) i",
            "INSERT INTO projects (id, organization_id, name, storage_bucket) SELECT 'bench-project-' || i, 'bench-org-' || i, 'Bench', 'bench-outputs' FROM generate_series(1, $1) i",
        })
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters = { new() { Value = accounts }, new() { Value = TightEvery }, new() { Value = TightLimit }, new() { Value = AmpleLimit } },
            });
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Run <paramref name="clients"/> loops for <paramref name="duration"/>; returns the elapsed time.</summary>
    public async Task<TimeSpan> RunAsync(int clients, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            while (stopwatch.Elapsed < duration)
                await ReserveOneAsync(random);
        })));
        return stopwatch.Elapsed;
    }

    private async Task ReserveOneAsync(Random random)
    {
        var account = random.Next(1, accounts + 1);
        var organization = $"bench-org-{account}";
        var key = Guid.NewGuid().ToString();
        var jobId = JobIdentity.JobId(organization, key);
        var job = new ClipJobInput(jobId, organization, key, "bench-fingerprint", ClipSource.Item("bench-item"), $"bench-project-{account}",
            Aoi, null, null, "bench", null, """{"bench":true}""");
        var resolved = new ResolvedAssets([new SourceAsset("visual", "gs://bench-source/visual.tif", "image/tiff", null, [])],
            "bench-outputs", $"bench-project-{account}", random.Next(1, 101));
        try
        {
            await ledger.ReserveAsync(new ReserveCreditsInput(jobId, JobIdentity.WorkflowId(jobId), job, resolved), CancellationToken.None);
            Interlocked.Increment(ref Reserved);
        }
        catch (DataPlatformException e) when (e.ErrorType == ClipErrors.QuotaExceeded)
        {
            Interlocked.Increment(ref Refused);
        }
    }
}
