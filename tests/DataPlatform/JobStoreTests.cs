using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class JobStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private PostgresJobStore Jobs => _platform.Jobs;

    /// <summary>An organization with <paramref name="count"/> jobs created one second apart, oldest first.</summary>
    private async Task<(string Organization, List<string> JobIds)> JobsAsync(int count)
    {
        var organization = await _platform.Data.OrganizationAsync();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (job, _) = await _platform.ReservedJobAsync(units: 10, organizationId: organization);
            await _platform.Data.ExecuteAsync("UPDATE jobs SET created_at = now() - make_interval(secs => $2) WHERE id = $1::uuid", job.JobId, (double)(count - i));
            ids.Add(job.JobId);
        }
        return (organization, ids);
    }

    [Fact]
    public async Task Get_sees_only_the_callers_organization()
    {
        var (job, _) = await _platform.ReservedJobAsync();
        var stranger = await _platform.Data.OrganizationAsync();

        Assert.Equal(job.JobId, (await Jobs.GetAsync(job.OrganizationId, job.JobId, CancellationToken.None))!.Id);
        Assert.Null(await Jobs.GetAsync(stranger, job.JobId, CancellationToken.None));
        Assert.Null(await Jobs.GetAsync(job.OrganizationId, Guid.NewGuid().ToString(), CancellationToken.None));
        Assert.Null(await Jobs.GetAsync(job.OrganizationId, "not-a-uuid", CancellationToken.None));
    }

    [Fact]
    public async Task List_is_newest_first_paged_and_totalled()
    {
        var (organization, ids) = await JobsAsync(5);
        await _platform.ReservedJobAsync();

        var first = await Jobs.ListAsync(organization, null, 2, 0, CancellationToken.None);
        var last = await Jobs.ListAsync(organization, null, 2, 4, CancellationToken.None);
        var beyond = await Jobs.ListAsync(organization, null, 2, 10, CancellationToken.None);

        Assert.Equal([ids[4], ids[3]], first.Jobs.Select(j => j.Id));
        Assert.Equal([ids[0]], last.Jobs.Select(j => j.Id));
        Assert.Empty(beyond.Jobs);
        Assert.All([first, last, beyond], page => Assert.Equal(5, page.Total));
    }

    [Fact]
    public async Task List_filters_by_status()
    {
        var (organization, ids) = await JobsAsync(3);
        await _platform.Lifecycle.CloseAsync(new CloseJobInput(ids[1], organization, JobStatus.Failed, "boom"), CancellationToken.None);

        var failed = await Jobs.ListAsync(organization, JobStatus.Failed, 50, 0, CancellationToken.None);
        var running = await Jobs.ListAsync(organization, JobStatus.Running, 50, 0, CancellationToken.None);

        Assert.Equal([ids[1]], failed.Jobs.Select(j => j.Id));
        Assert.Equal(1, failed.Total);
        Assert.Equal([ids[2], ids[0]], running.Jobs.Select(j => j.Id));
        Assert.Equal(2, running.Total);
    }

    [Fact]
    public async Task Jobs_created_in_the_same_instant_page_by_id_without_gaps_or_repeats()
    {
        var (organization, ids) = await JobsAsync(7);
        await _platform.Data.ExecuteAsync("UPDATE jobs SET created_at = '2026-01-01T00:00:00Z' WHERE organization_id = $1", organization);

        var pages = new List<string>();
        for (var offset = 0; offset < 7; offset += 3)
            pages.AddRange((await Jobs.ListAsync(organization, null, 3, offset, CancellationToken.None)).Jobs.Select(j => j.Id));

        // The tie is broken by the id as PostgreSQL orders uuids (by their bytes), newest-first's
        // direction: asked of the database itself rather than re-implemented here.
        var byId = await _platform.Data.ScalarAsync<string[]>(
            "SELECT array_agg(id::text ORDER BY id DESC) FROM jobs WHERE organization_id = $1", organization);
        Assert.Equal(7, ids.Intersect(byId).Count());
        Assert.Equal(byId, pages);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(JobStatus.Failed)]
    public async Task Rows_skipped_by_a_deep_offset_and_the_total_are_read_from_the_index_alone(string? status)
    {
        var (organization, _) = await JobsAsync(3);
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        // Three rows are cheaper to scan from the table; forbid that, so the test asks whether the
        // index can serve the skipped rows and the total at all (as it must at 100,000 jobs).
        await using (var settings = new NpgsqlCommand("SET enable_seqscan = off; SET enable_bitmapscan = off", connection))
            await settings.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        try
        {
            foreach (var (sql, more) in new[] { (PostgresJobStore.ListPageSql, new object[] { 2, 1 }), (PostgresJobStore.ListTotalSql, []) })
            {
                await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
                explain.Parameters.Add(new NpgsqlParameter { Value = organization });
                explain.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                foreach (var value in more)
                    explain.Parameters.Add(new NpgsqlParameter { Value = value });
                var plan = new List<string>();
                await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
                    while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                        plan.Add(reader.GetString(0));
                Assert.Contains(plan, line => line.Contains("Index Only Scan using jobs_organization_listing", StringComparison.Ordinal));
                Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
            }
        }
        finally
        {
            await using var reset = new NpgsqlCommand("RESET enable_seqscan; RESET enable_bitmapscan", connection);
            await reset.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-3, 1)]
    [InlineData(50, 50)]
    [InlineData(1000, PostgresJobStore.MaxListLimit)]
    public void Limit_is_clamped(int asked, int used) => Assert.Equal(used, PostgresJobStore.ClampLimit(asked));

    [Fact]
    public async Task A_limit_of_zero_still_returns_one_job_and_a_negative_offset_is_refused()
    {
        var (organization, ids) = await JobsAsync(2);
        Assert.Equal([ids[1]], (await Jobs.ListAsync(organization, null, 0, 0, CancellationToken.None)).Jobs.Select(j => j.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Jobs.ListAsync(organization, null, 10, -1, CancellationToken.None));
    }

    [Fact]
    public async Task Deleted_jobs_are_hidden_and_deleting_is_idempotent_within_the_organization()
    {
        var (organization, ids) = await JobsAsync(2);
        var stranger = await _platform.Data.OrganizationAsync();

        Assert.False(await Jobs.MarkDeletedAsync(stranger, ids[0], CancellationToken.None));
        Assert.True(await Jobs.MarkDeletedAsync(organization, ids[0], CancellationToken.None));
        Assert.True(await Jobs.MarkDeletedAsync(organization, ids[0], CancellationToken.None));
        Assert.False(await Jobs.MarkDeletedAsync(organization, "not-a-uuid", CancellationToken.None));

        Assert.Null(await Jobs.GetAsync(organization, ids[0], CancellationToken.None));
        var page = await Jobs.ListAsync(organization, null, 50, 0, CancellationToken.None);
        Assert.Equal([ids[1]], page.Jobs.Select(j => j.Id));
        Assert.Equal(1, page.Total);
    }
}
