using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class CreditReservationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private TestData Data => _platform.Data;

    [Fact]
    public async Task Reservation_creates_the_running_job_the_ledger_entry_and_the_idempotency_key()
    {
        var (job, reservation) = await _platform.ReservedJobAsync(units: 120);

        Assert.Equal(new CreditReservation(job.JobId, 120, 120, 1_000_000), reservation);
        var stored = await _platform.Jobs.GetAsync(job.OrganizationId, job.JobId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal((JobStatus.Running, "cog_clip", 120L, "clip-outputs"), (stored.Status, stored.JobType, stored.ReservedUnits, stored.OutputBucket));
        Assert.Equal(["visual"], stored.AssetKeys);
        var (match, record) = await _platform.Idempotency.FindAsync(job.OrganizationId, job.IdempotencyKey, job.RequestFingerprint, CancellationToken.None);
        Assert.Equal(IdempotencyMatch.SameRequest, match);
        Assert.Equal(job.JobId, record!.JobId);
        Assert.Null(record.ResponseJson);
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task Two_hundred_concurrent_jobs_against_a_quota_for_fifty_exactly_fifty_succeed()
    {
        var organization = await Data.OrganizationAsync(creditLimit: 50 * 10);
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        var race = await Concurrently.RunMeasuredAsync(200, async _ =>
        {
            try
            {
                await _platform.Ledger.ReserveAsync(Platform.Reserve(Platform.Job(organization, project, item), 10), CancellationToken.None);
                return null;
            }
            catch (DataPlatformException e)
            {
                return e;
            }
        });
        var outcomes = race.Results;
        Assert.True(race.MostInFlight >= 2, $"no two reservations overlapped (at most {race.MostInFlight} in flight): no race was tested");

        Assert.Equal(50, outcomes.Count(e => e is null));
        var refusals = outcomes.OfType<DataPlatformException>().ToList();
        Assert.Equal(150, refusals.Count);
        Assert.All(refusals, e =>
        {
            Assert.Equal(ClipErrors.QuotaExceeded, e.ErrorType);
            Assert.Equal(500, e.Details!["used"]);
            Assert.Equal(500, e.Details["limit"]);
            Assert.Equal(10, e.Details["requested"]);
            Assert.Contains("used 500 of 500", e.Message);
        });
        var balance = await _platform.Ledger.BalanceAsync(organization, CancellationToken.None);
        Assert.Equal((500L, 0L), (balance!.Reserved, balance.Committed));
        Assert.Equal(50L, await Data.ScalarAsync<long>("SELECT count(*) FROM credit_ledger WHERE organization_id = $1 AND kind = 'reserve'", organization));
        Assert.Equal(50L, await Data.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE organization_id = $1", organization));
        Assert.Equal(50L, await Data.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE organization_id = $1", organization));
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task Units_another_job_has_committed_count_against_the_quota()
    {
        var organization = await Data.OrganizationAsync(creditLimit: 100);
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        var first = Platform.Job(organization, project, item);
        await _platform.Ledger.ReserveAsync(Platform.Reserve(first, 80), CancellationToken.None);
        Assert.Equal(LedgerChange.Committed, await _platform.Ledger.CommitAsync(organization, first.JobId, 70, CancellationToken.None));

        var refused = await Assert.ThrowsAsync<DataPlatformException>(() =>
            _platform.Ledger.ReserveAsync(Platform.Reserve(Platform.Job(organization, project, item), 31), CancellationToken.None));
        Assert.Equal(ClipErrors.QuotaExceeded, refused.ErrorType);
        Assert.Equal((70L, 100L, 31L), (refused.Details!["used"], refused.Details["limit"], refused.Details["requested"]));
        var fits = await _platform.Ledger.ReserveAsync(Platform.Reserve(Platform.Job(organization, project, item), 30), CancellationToken.None);
        Assert.Equal((30L, 100L), (fits.Units, fits.Used));
        var balance = await _platform.Ledger.BalanceAsync(organization, CancellationToken.None);
        Assert.Equal((30L, 70L), (balance!.Reserved, balance.Committed));
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task The_same_job_reserved_fifty_times_concurrently_reserves_once()
    {
        var organization = await Data.OrganizationAsync(creditLimit: 1000);
        var project = await Data.ProjectAsync(organization);
        var job = Platform.Job(organization, project, await Data.RasterItemAsync(project));
        var race = await Concurrently.RunMeasuredAsync(50, _ => _platform.Ledger.ReserveAsync(Platform.Reserve(job, 300), CancellationToken.None));
        var reservations = race.Results;
        Assert.True(race.MostInFlight >= 2, $"no two reservations overlapped (at most {race.MostInFlight} in flight): no race was tested");

        Assert.All(reservations, r => Assert.Equal((job.JobId, 300L, 300L), (r.JobId, r.Units, r.Used)));
        Assert.Equal(300, (await _platform.Ledger.BalanceAsync(organization, CancellationToken.None))!.Reserved);
        Assert.Equal(1L, await Data.ScalarAsync<long>("SELECT count(*) FROM credit_ledger WHERE organization_id = $1", organization));
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task A_retry_after_the_quota_filled_up_still_gets_its_reservation()
    {
        var organization = await Data.OrganizationAsync(creditLimit: 100);
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        var first = Platform.Job(organization, project, item);
        await _platform.Ledger.ReserveAsync(Platform.Reserve(first, 60), CancellationToken.None);
        await _platform.Ledger.ReserveAsync(Platform.Reserve(Platform.Job(organization, project, item), 40), CancellationToken.None);

        var retried = await _platform.Ledger.ReserveAsync(Platform.Reserve(first, 60), CancellationToken.None);

        Assert.Equal((60L, 100L, 100L), (retried.Units, retried.Used, retried.Limit));
    }

    [Fact]
    public async Task Quota_refusal_reaches_the_workflow_as_a_non_retryable_failure_with_used_and_limit()
    {
        var organization = await Data.OrganizationAsync(creditLimit: 30);
        var project = await Data.ProjectAsync(organization);
        var job = Platform.Job(organization, project, await Data.RasterItemAsync(project));

        var failure = await ActivityHarness.FailureAsync(() => _platform.Activities.ReserveCreditsAsync(Platform.Reserve(job, 31)));

        Assert.Equal(ClipErrors.QuotaExceeded, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        var details = failure.Details.ElementAt<Dictionary<string, long>>(0);
        Assert.Equal((0L, 30L, 31L), (details["used"], details["limit"], details["requested"]));
    }
}
