using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Migrations on empty databases of their own (not the fixture's, which is already migrated).</summary>
public sealed class MigrationTests
{
    private static readonly string[] ExpectedTables =
    [
        "api_keys", "area_mosaics", "artifacts", "assets", "closed_jobs", "collections", "credit_accounts", "credit_ledger",
        "delivery_areas", "idempotency_keys", "items", "jobs", "organizations", "projects", "schema_migrations", "schema_repeatable",
    ];

    [Fact]
    public async Task Applies_to_an_empty_database_and_reapplying_is_a_no_op()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        var first = await DatabaseMigrator.MigrateAsync(database.DataSource, ct: TestContext.Current.CancellationToken);
        var second = await DatabaseMigrator.MigrateAsync(database.DataSource, ct: TestContext.Current.CancellationToken);

        Assert.Equal(Migration.Embedded().Select(m => m.Name).Concat(RepeatableMigration.Embedded().Select(r => r.Name)), first);
        Assert.Contains("clip_reserve_credits", first);
        Assert.Empty(second);
        Assert.Equal(ExpectedTables, await database.TablesAsync());
        Assert.Equal(Migration.Embedded().Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Concurrent_runs_leave_one_correct_schema()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => DatabaseMigrator.MigrateAsync(database.DataSource, ct: TestContext.Current.CancellationToken))));

        Assert.Single(runs, applied => applied.Count > 0);
        Assert.Equal(3, runs.Count(applied => applied.Count == 0));
        Assert.Equal(ExpectedTables, await database.TablesAsync());
        Assert.Equal(Migration.Embedded().Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_is_refused()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        await DatabaseMigrator.MigrateAsync(database.DataSource, ct: TestContext.Current.CancellationToken);
        await database.ScalarAsync<int>("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1 RETURNING version");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseMigrator.MigrateAsync(database.DataSource, ct: TestContext.Current.CancellationToken));
        Assert.Contains("changed after it was applied", error.Message);
    }

    [Fact]
    public async Task A_changed_function_definition_is_reapplied_and_only_it()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        await DatabaseMigrator.MigrateAsync(database.DataSource, ct: TestContext.Current.CancellationToken);
        // What a database migrated by the previous build holds: an older body and its checksum.
        await database.ScalarAsync<int>("""
            CREATE OR REPLACE FUNCTION clip_reserve_credits(
                p_job_id uuid, p_organization_id text, p_project_id text, p_units bigint, p_request jsonb, p_aoi jsonb,
                p_asset_keys text[], p_workflow_id text, p_output_bucket text, p_source_item_id text, p_source_area_id text,
                p_target_collection_id text, p_idempotency_key text, p_fingerprint text, p_idempotency_retention interval)
            RETURNS TABLE (outcome text, units bigint, used bigint, limit_units bigint)
            LANGUAGE sql AS $$ SELECT 'previous build', 0::bigint, 0::bigint, 0::bigint $$;
            UPDATE schema_repeatable SET checksum = 'previous build' WHERE name = 'clip_reserve_credits' RETURNING 1
            """);

        var applied = await DatabaseMigrator.MigrateAsync(database.DataSource, ct: TestContext.Current.CancellationToken);

        Assert.Equal(["clip_reserve_credits"], applied);
        Assert.Equal(RepeatableMigration.Embedded().Single(r => r.Name == "clip_reserve_credits").Checksum,
            await database.ScalarAsync<string>("SELECT checksum FROM schema_repeatable WHERE name = 'clip_reserve_credits'"));
        Assert.DoesNotContain("previous build", await database.ScalarAsync<string>("SELECT prosrc FROM pg_proc WHERE proname = 'clip_reserve_credits'"));
    }

    [Fact]
    public void Functions_are_defined_once_in_a_repeatable_migration_not_restated_by_versioned_ones_after_it_exists()
    {
        // 0002 created it and 0003 restated it before the repeatable definition existed; from then on
        // a versioned migration that restates it would be overwritten by the repeatable one anyway.
        var restating = Migration.Embedded().Where(m => m.Version > 3 && m.Sql.Contains("FUNCTION clip_reserve_credits", StringComparison.Ordinal));
        Assert.Empty(restating);
        Assert.Contains("CREATE OR REPLACE FUNCTION clip_reserve_credits(", RepeatableMigration.Embedded().Single(r => r.Name == "clip_reserve_credits").Sql);
    }

    [Fact]
    public void Embedded_migrations_are_numbered_without_gaps()
    {
        var versions = Migration.Embedded().Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    private sealed class EmptyDatabase : IAsyncDisposable
    {
        private EmptyDatabase(string name, NpgsqlDataSource dataSource) => (Name, DataSource) = (name, dataSource);

        public string Name { get; }
        public NpgsqlDataSource DataSource { get; }

        public static async Task<EmptyDatabase> CreateAsync()
        {
            var name = PostgresDatabases.UniqueName("clip_test_migrate");
            var connectionString = await PostgresDatabases.CreateAsync(PostgresDatabaseFixture.ServerConnectionString, name);
            return new EmptyDatabase(name, NpgsqlDataSource.Create(connectionString));
        }

        public async Task<string[]> TablesAsync()
        {
            await using var command = DataSource.CreateCommand(
                "SELECT coalesce(array_agg(tablename::text ORDER BY tablename), '{}') FROM pg_tables WHERE schemaname = 'public'");
            return (string[])(await command.ExecuteScalarAsync())!;
        }

        public async Task<T> ScalarAsync<T>(string sql)
        {
            await using var command = DataSource.CreateCommand(sql);
            return (T)(await command.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            await DataSource.DisposeAsync();
            await PostgresDatabases.DropAsync(PostgresDatabaseFixture.ServerConnectionString, Name);
        }
    }
}
