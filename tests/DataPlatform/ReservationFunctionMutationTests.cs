using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>
/// Mutation testing of <c>clip_reserve_credits</c> by hand (Stryker cannot reach SQL): each rule of
/// the function is broken once — its text replaced in the one definition the migrator applies —
/// and the probes below must notice. The real definition must pass every probe. A mutant whose
/// original text is no longer in the definition fails the test too, so the list follows the code.
/// </summary>
public sealed class ReservationFunctionMutationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly string Definition = RepeatableMigration.Embedded().Single(r => r.Name == "clip_reserve_credits").Sql;

    /// <summary>Rule broken, the text of the rule, the broken text.</summary>
    public static readonly TheoryData<string, string, string> Mutants = new()
    {
        { "no account lock (race widened by a sleep)",
            "FROM credit_accounts a WHERE a.organization_id = p_organization_id FOR UPDATE;",
            "FROM credit_accounts a WHERE a.organization_id = p_organization_id; PERFORM pg_sleep(0.05);" },
        { "no-account check skipped", "IF NOT FOUND THEN", "IF false THEN" },
        { "committed units ignored by the quota", "a.reserved_units + a.committed_units INTO", "a.reserved_units INTO" },
        { "existing reservation not returned", "IF v_existing_org IS NOT NULL THEN", "IF false THEN" },
        { "another organization's job returned as existing", "IF v_existing_org <> p_organization_id THEN", "IF false THEN" },
        { "existing reservation reports the new units", "outcome := 'existing'; units := v_existing_units;", "outcome := 'existing'; units := p_units;" },
        { "closed job revived", "IF v_closed THEN", "IF false THEN" },
        { "unknown project not refused", "IF v_project_org IS NULL THEN", "IF false THEN" },
        { "another organization's project accepted", "ELSIF v_project_org <> p_organization_id THEN", "ELSIF false THEN" },
        { "target collection not checked", "IF p_target_collection_id IS NOT NULL THEN", "IF false THEN" },
        { "unknown collection not refused", "IF v_collection_org IS NULL THEN", "IF false THEN" },
        { "another organization's collection accepted", "ELSIF v_collection_org <> p_organization_id THEN", "ELSIF false THEN" },
        { "quota boundary off by one", "IF v_used + p_units > v_limit THEN", "IF v_used + p_units >= v_limit THEN" },
        { "quota not checked", "IF v_used + p_units > v_limit THEN", "IF false THEN" },
        { "account total not raised", "SET reserved_units = a.reserved_units + p_units", "SET reserved_units = a.reserved_units" },
        { "ledger entry with the wrong units", "VALUES (p_organization_id, p_job_id, 'reserve', p_units))", "VALUES (p_organization_id, p_job_id, 'reserve', 0))" },
        { "live idempotency key rebound", "WHERE k.expires_at <= now();", ";" },
        { "expired idempotency key kept", "WHERE k.expires_at <= now();", "WHERE false;" },
        { "used reported without this job", "used := v_used + p_units; RETURN NEXT;", "used := v_used; RETURN NEXT;" },
        { "job row with request and AOI swapped", "'running', p_request, p_aoi,", "'running', p_aoi, p_request," },
        { "job row without its workflow id", "p_asset_keys, p_workflow_id, p_output_bucket,", "p_asset_keys, 'clip-unknown', p_output_bucket," },
        { "job row without its source item", "p_units, p_source_item_id,", "p_units, NULL," },
        { "job row without its target collection", "p_source_area_id, p_target_collection_id)),", "p_source_area_id, NULL))," },
        { "key bound without retention", "now() + p_idempotency_retention)", "now())" },
        { "rebound key keeps the old fingerprint", "SET fingerprint = EXCLUDED.fingerprint, job_id", "SET job_id" },
        { "rebound key keeps the old answer", "job_id = EXCLUDED.job_id, response = NULL,", "job_id = EXCLUDED.job_id," },
        { "rebound key keeps the old answer's status", "response = NULL, response_status = DEFAULT,", "response = NULL," },
        { "rebound key keeps its past expiry", "created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at", "created_at = EXCLUDED.created_at" },
    };

    private NpgsqlDataSource Db => database.DataSource;
    private TestData Data => new(Db);

    [Fact]
    public async Task The_real_definition_passes_every_probe()
    {
        await ApplyAsync(Definition);
        Assert.Empty(await FailedProbesAsync());
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public async Task Each_broken_rule_is_caught_by_a_probe(string rule, string original, string broken)
    {
        Assert.Equal(1, Occurrences(Definition, original));
        try
        {
            await ApplyAsync(Definition.Replace(original, broken, StringComparison.Ordinal));
            Assert.True((await FailedProbesAsync()).Count > 0, $"No probe noticed the mutant '{rule}'.");
        }
        finally
        {
            await ApplyAsync(Definition);
        }
    }

    private async Task ApplyAsync(string sql)
    {
        await using var command = Db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>Runs every probe; returns the failures (a probe that throws fails too).</summary>
    private async Task<List<string>> FailedProbesAsync()
    {
        var probes = new (string Name, Func<Task> Run)[]
        {
            ("reserves and writes", ReservesAndWritesAsync),
            ("job row as requested", JobRowAsRequestedAsync),
            ("same job again", SameJobAgainAsync),
            ("job of another organization", JobOfAnotherOrganizationAsync),
            ("closed job", ClosedJobAsync),
            ("no account", NoAccountAsync),
            ("projects", ProjectsAsync),
            ("collections", CollectionsAsync),
            ("quota boundary", QuotaBoundaryAsync),
            ("committed units count", CommittedUnitsCountAsync),
            ("idempotency keys", IdempotencyKeysAsync),
            ("concurrent reservations", ConcurrentReservationsAsync),
        };
        var failures = new List<string>();
        foreach (var (name, run) in probes)
        {
            try
            {
                await run();
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or PostgresException)
            {
                failures.Add($"{name}: {e.Message}");
            }
        }
        return failures;
    }

    private async Task ReservesAndWritesAsync()
    {
        var (organization, project) = await AccountAsync(1000);
        var job = Guid.NewGuid();
        Assert.Equal(("reserved", 100L, 100L, 1000L), await ReserveAsync(job, organization, project, 100, key: "k-" + job));
        Assert.Equal("running/100", await Data.ScalarAsync<string>("SELECT status || '/' || reserved_units FROM jobs WHERE id = $1", job));
        Assert.Equal(100L, await Data.ScalarAsync<long>("SELECT units FROM credit_ledger WHERE job_id = $1 AND kind = 'reserve'", job));
        Assert.Equal(100L, await ReservedUnitsAsync(organization));
        Assert.Equal(job, await Data.ScalarAsync<Guid>("SELECT job_id FROM idempotency_keys WHERE organization_id = $1 AND key = $2", organization, "k-" + job));
    }

    /// <summary>The job row holds what the caller sent, each value in its own column.</summary>
    private async Task JobRowAsRequestedAsync()
    {
        var (organization, project) = await AccountAsync(1000);
        var collection = await Data.CollectionAsync(organization, project);
        var job = Guid.NewGuid();
        await ReserveAsync(job, organization, project, 5, collection: collection);
        Assert.Equal(
            $"{organization}|{project}|cog_clip|{Request}|{Aoi}|{{visual}}|clip-{job}|clip-outputs|item||{collection}",
            await Data.ScalarAsync<string>("""
                SELECT concat_ws('|', organization_id, project_id, job_type, request::text, aoi::text, asset_keys::text, workflow_id,
                                 output_bucket, source_item_id, coalesce(source_area_id, ''), target_collection_id)
                  FROM jobs WHERE id = $1
                """, job));
    }

    private async Task SameJobAgainAsync()
    {
        var (organization, project) = await AccountAsync(1000);
        var job = Guid.NewGuid();
        await ReserveAsync(job, organization, project, 100);
        Assert.Equal(("existing", 100L, 100L, 1000L), await ReserveAsync(job, organization, project, 7));
        Assert.Equal(100L, await ReservedUnitsAsync(organization));
        Assert.Equal(1L, await Data.ScalarAsync<long>("SELECT count(*) FROM credit_ledger WHERE job_id = $1", job));
    }

    private async Task JobOfAnotherOrganizationAsync()
    {
        var (first, firstProject) = await AccountAsync(1000);
        var (second, secondProject) = await AccountAsync(1000);
        var job = Guid.NewGuid();
        await ReserveAsync(job, first, firstProject, 100);
        Assert.Equal("job_conflict", (await ReserveAsync(job, second, secondProject, 100)).Outcome);
        Assert.Equal(0L, await ReservedUnitsAsync(second));
    }

    private async Task ClosedJobAsync()
    {
        var (organization, project) = await AccountAsync(1000);
        var job = Guid.NewGuid();
        await Data.ExecuteAsync("INSERT INTO closed_jobs (job_id, organization_id, status, reason) VALUES ($1, $2, 'cancelled', 'test')", job, organization);
        Assert.Equal("closed", (await ReserveAsync(job, organization, project, 100)).Outcome);
        Assert.Equal(0L, await Data.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = $1", job));
        Assert.Equal(0L, await ReservedUnitsAsync(organization));
    }

    private async Task NoAccountAsync()
    {
        var organization = await Data.OrganizationAsync(creditLimit: null);
        var project = await Data.ProjectAsync(organization);
        Assert.Equal(("no_account", 0L, 0L, 0L), await ReserveAsync(Guid.NewGuid(), organization, project, 1));
    }

    private async Task ProjectsAsync()
    {
        var (organization, _) = await AccountAsync(1000);
        var (_, foreignProject) = await AccountAsync(1000);
        Assert.Equal("project_not_found", (await ReserveAsync(Guid.NewGuid(), organization, TestData.NewId("project"), 1)).Outcome);
        Assert.Equal("forbidden", (await ReserveAsync(Guid.NewGuid(), organization, foreignProject, 1)).Outcome);
        Assert.Equal(0L, await ReservedUnitsAsync(organization));
    }

    private async Task CollectionsAsync()
    {
        var (organization, project) = await AccountAsync(1000);
        var (other, otherProject) = await AccountAsync(1000);
        var own = await Data.CollectionAsync(organization, project);
        var foreign = await Data.CollectionAsync(other, otherProject);
        Assert.Equal("collection_not_found", (await ReserveAsync(Guid.NewGuid(), organization, project, 1, collection: TestData.NewId("collection"))).Outcome);
        Assert.Equal("collection_forbidden", (await ReserveAsync(Guid.NewGuid(), organization, project, 1, collection: foreign)).Outcome);
        Assert.Equal(0L, await ReservedUnitsAsync(organization));
        Assert.Equal("reserved", (await ReserveAsync(Guid.NewGuid(), organization, project, 1, collection: own)).Outcome);
    }

    private async Task QuotaBoundaryAsync()
    {
        var (organization, project) = await AccountAsync(100);
        Assert.Equal(("reserved", 100L, 100L, 100L), await ReserveAsync(Guid.NewGuid(), organization, project, 100));
        var refused = Guid.NewGuid();
        Assert.Equal(("quota_exceeded", 1L, 100L, 100L), await ReserveAsync(refused, organization, project, 1));
        Assert.Equal(0L, await Data.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = $1", refused));
        Assert.Equal(100L, await ReservedUnitsAsync(organization));
    }

    /// <summary>Units another job has already committed still count against the limit.</summary>
    private async Task CommittedUnitsCountAsync()
    {
        var (organization, project) = await AccountAsync(100);
        var first = Guid.NewGuid();
        await ReserveAsync(first, organization, project, 60);
        // As CreditLedger settles a job (its own tests cover that path).
        await Data.ExecuteAsync("INSERT INTO credit_ledger (organization_id, job_id, kind, units) VALUES ($1, $2, 'commit', 60), ($1, $2, 'release', 0)", organization, first);
        await Data.ExecuteAsync("UPDATE credit_accounts SET reserved_units = reserved_units - 60, committed_units = committed_units + 60 WHERE organization_id = $1", organization);
        Assert.Equal(("quota_exceeded", 50L, 60L, 100L), await ReserveAsync(Guid.NewGuid(), organization, project, 50));
        Assert.Equal(("reserved", 40L, 100L, 100L), await ReserveAsync(Guid.NewGuid(), organization, project, 40));
    }

    private async Task IdempotencyKeysAsync()
    {
        var (organization, project) = await AccountAsync(1000);
        var (holder, successor) = (Guid.NewGuid(), Guid.NewGuid());
        await ReserveAsync(holder, organization, project, 1, key: "live");
        Assert.Equal("reserved", (await ReserveAsync(successor, organization, project, 1, key: "live")).Outcome);
        Assert.Equal(holder, await Data.ScalarAsync<Guid>("SELECT job_id FROM idempotency_keys WHERE organization_id = $1 AND key = 'live'", organization));

        // An expired key that answered another request: rebound, it forgets that request and its answer.
        await Data.ExecuteAsync("""
            UPDATE idempotency_keys SET expires_at = now() - interval '1 second', fingerprint = 'another request', response = '{"stale": true}',
                   response_status = 402
             WHERE organization_id = $1 AND key = 'live'
            """, organization);
        var rebound = Guid.NewGuid();
        await ReserveAsync(rebound, organization, project, 1, key: "live");
        // Status 200 with no answer is a key bound to a job whose answer is not stored yet (migration 0005's default).
        Assert.Equal($"{rebound}|{Fingerprint}|no answer|200|live", await Data.ScalarAsync<string>("""
            SELECT concat_ws('|', job_id, fingerprint, coalesce(response::text, 'no answer'), response_status, CASE WHEN expires_at > now() THEN 'live' ELSE 'expired' END)
              FROM idempotency_keys WHERE organization_id = $1 AND key = 'live'
            """, organization));
    }

    /// <summary>20 reservations of 10 units at once against room for 5: exactly 5 succeed.</summary>
    private async Task ConcurrentReservationsAsync()
    {
        var (organization, project) = await AccountAsync(50);
        var outcomes = await Concurrently.RunAsync(20, _ => ReserveAsync(Guid.NewGuid(), organization, project, 10));
        Assert.Equal(5, outcomes.Count(o => o.Outcome == "reserved"));
        Assert.Equal(15, outcomes.Count(o => o.Outcome == "quota_exceeded"));
        Assert.Equal(50L, await ReservedUnitsAsync(organization));
    }

    private async Task<(string Organization, string Project)> AccountAsync(long limit)
    {
        var organization = await Data.OrganizationAsync(limit);
        return (organization, await Data.ProjectAsync(organization));
    }

    private Task<long> ReservedUnitsAsync(string organization) =>
        Data.ScalarAsync<long>("SELECT reserved_units FROM credit_accounts WHERE organization_id = $1", organization);

    // Distinct values, so a column written from the wrong parameter shows.
    private const string Request = """{"probe": "request"}""";
    private const string Aoi = """{"type": "Polygon"}""";
    private const string Fingerprint = "fingerprint";

    private async Task<(string Outcome, long Units, long Used, long Limit)> ReserveAsync(
        Guid job, string organization, string project, long units, string? key = null, string? collection = null)
    {
        await using var command = Db.CreateCommand("""
            SELECT outcome, units, used, limit_units FROM clip_reserve_credits(
                p_job_id => $1, p_organization_id => $2, p_project_id => $3, p_units => $4,
                p_request => $7::jsonb, p_aoi => $8::jsonb, p_asset_keys => '{visual}', p_workflow_id => 'clip-' || $1, p_output_bucket => 'clip-outputs',
                p_source_item_id => 'item', p_source_area_id => NULL, p_target_collection_id => $5,
                p_idempotency_key => $6, p_fingerprint => $9, p_idempotency_retention => interval '1 day')
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = job });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = organization });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = project });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = units });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)collection ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key ?? "key-" + job });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Request });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Aoi });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Fingerprint });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
