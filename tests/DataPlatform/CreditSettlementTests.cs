using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class CreditSettlementTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private CreditLedger Ledger => _platform.Ledger;

    private async Task<CreditBalance> BalanceAsync(string organization) => (await Ledger.BalanceAsync(organization, CancellationToken.None))!;

    [Fact]
    public async Task Commit_takes_the_used_units_and_releases_the_rest_once()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);

        Assert.Equal(LedgerChange.Committed, await Ledger.CommitAsync(job.OrganizationId, job.JobId, 70, CancellationToken.None));
        var after = await BalanceAsync(job.OrganizationId);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(LedgerChange.AlreadySettled, await Ledger.CommitAsync(job.OrganizationId, job.JobId, 70, CancellationToken.None));
            Assert.Equal(LedgerChange.AlreadySettled, await Ledger.ReleaseAsync(job.OrganizationId, job.JobId, CancellationToken.None));
        }

        Assert.Equal((0L, 70L), (after.Reserved, after.Committed));
        Assert.Equal(after, await BalanceAsync(job.OrganizationId));
        Assert.Equal(3L, await _platform.Data.ScalarAsync<long>("SELECT count(*) FROM credit_ledger WHERE job_id = $1::uuid", job.JobId));
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task Release_returns_everything_once_and_concurrent_settlements_settle_once()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);

        // A commit that loses to a release is refused with exactly this error; any other exception
        // is a defect and fails the test.
        var race = await Concurrently.RunMeasuredAsync(20, async i =>
        {
            if (i % 2 == 0)
                return await Ledger.ReleaseAsync(job.OrganizationId, job.JobId, CancellationToken.None);
            try
            {
                return await Ledger.CommitAsync(job.OrganizationId, job.JobId, 100, CancellationToken.None);
            }
            catch (DataPlatformException e) when (e.ErrorType == ClipErrors.InvalidRequest && e.Message.Contains("already released", StringComparison.Ordinal))
            {
                return LedgerChange.AlreadySettled;
            }
        });
        var outcomes = race.Results;
        Assert.True(race.MostInFlight >= 2, $"the settlements never overlapped (at most {race.MostInFlight} in flight): no race was tested");

        Assert.Equal(1, outcomes.Count(o => o != LedgerChange.AlreadySettled));
        var balance = await BalanceAsync(job.OrganizationId);
        Assert.Equal(0, balance.Reserved);
        Assert.Contains(balance.Committed, new long[] { 0, 100 });
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(long.MaxValue)]
    public async Task Committing_a_negative_amount_or_more_than_reserved_is_refused_and_writes_nothing(long units)
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);
        var before = await _platform.Data.WritableStateAsync();

        var error = await Assert.ThrowsAsync<DataPlatformException>(() => Ledger.CommitAsync(job.OrganizationId, job.JobId, units, CancellationToken.None));

        Assert.Equal(ClipErrors.InvalidRequest, error.ErrorType);
        Assert.Contains($"Cannot commit {units} units of job {job.JobId}: it reserved 100", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _platform.Data.WritableStateAsync());
    }

    [Fact]
    public async Task Committing_nothing_releases_the_whole_reservation_as_a_commit()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);

        Assert.Equal(LedgerChange.Committed, await Ledger.CommitAsync(job.OrganizationId, job.JobId, 0, CancellationToken.None));

        Assert.Equal(new CreditBalance(job.OrganizationId, 1_000_000, 0, 0), await BalanceAsync(job.OrganizationId));
        Assert.Equal("commit 0, release 100, reserve 100", await _platform.Data.ScalarAsync<string>(
            "SELECT string_agg(kind || ' ' || units, ', ' ORDER BY kind) FROM credit_ledger WHERE job_id = $1::uuid", job.JobId));
    }

    [Fact]
    public async Task A_released_job_cannot_be_committed()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);
        Assert.Equal(LedgerChange.Released, await Ledger.ReleaseAsync(job.OrganizationId, job.JobId, CancellationToken.None));

        var error = await Assert.ThrowsAsync<DataPlatformException>(() => Ledger.CommitAsync(job.OrganizationId, job.JobId, 10, CancellationToken.None));
        Assert.Equal(ClipErrors.InvalidRequest, error.ErrorType);
        Assert.Contains("was already released; its credits cannot be committed", error.Message, StringComparison.Ordinal);
        Assert.Equal(new CreditBalance(job.OrganizationId, 1_000_000, 0, 0), await BalanceAsync(job.OrganizationId));
    }

    [Fact]
    public async Task Unknown_jobs_or_another_organizations_job_are_not_found()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);
        var other = await _platform.Data.OrganizationAsync();
        var before = await _platform.Data.WritableStateAsync();

        Assert.Equal(ClipErrors.NotFound, (await Assert.ThrowsAsync<DataPlatformException>(() => Ledger.ReleaseAsync(other, job.JobId, CancellationToken.None))).ErrorType);
        Assert.Equal(ClipErrors.NotFound, (await Assert.ThrowsAsync<DataPlatformException>(() => Ledger.CommitAsync(job.OrganizationId, Guid.NewGuid().ToString(), 1, CancellationToken.None))).ErrorType);
        Assert.Equal(ClipErrors.InvalidRequest, (await Assert.ThrowsAsync<DataPlatformException>(() => Ledger.ReleaseAsync(job.OrganizationId, "not-a-uuid", CancellationToken.None))).ErrorType);
        Assert.Equal(before, await _platform.Data.WritableStateAsync());
    }

    [Fact]
    public async Task The_ledger_refuses_updates_and_deletes()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            _platform.Data.ExecuteAsync("UPDATE credit_ledger SET units = 1 WHERE job_id = $1::uuid", job.JobId));
        Assert.Contains("append-only", error.MessageText);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _platform.Data.ExecuteAsync("DELETE FROM credit_ledger WHERE job_id = $1::uuid", job.JobId));
    }
}
