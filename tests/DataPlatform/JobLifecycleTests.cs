using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Register-artifacts and close-job, run as activities.</summary>
public sealed class JobLifecycleTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private TestData Data => _platform.Data;

    private static RegisterArtifactsInput Register(ClipJobInput job, params string[] mosaicTypes) =>
        new(job.JobId, job.OrganizationId, job.ProjectId, job.TargetCollectionId, job.OutputName,
            mosaicTypes.Select(m => Platform.Artifact(job.JobId, m)).ToList());

    private Task RegisterAsync(RegisterArtifactsInput input) => ActivityHarness.RunAsync(() => _platform.Activities.RegisterArtifactsAsync(input));

    private Task CloseAsync(ClipJobInput job, string status, string reason = "warp failed") =>
        ActivityHarness.RunAsync(() => _platform.Activities.CloseJobAsync(new CloseJobInput(job.JobId, job.OrganizationId, status, reason)));

    private async Task<(ClipJobInput Job, string Collection)> JobWithCollectionAsync()
    {
        var organization = await Data.OrganizationAsync();
        var collection = await Data.CollectionAsync(organization, await Data.ProjectAsync(organization));
        var (job, _) = await _platform.ReservedJobAsync(units: 100, targetCollectionId: collection, organizationId: organization);
        return (job, collection);
    }

    [Fact]
    public async Task Registering_completes_the_job_commits_credits_and_adds_one_item_to_the_collection_however_often_retried()
    {
        var (job, collection) = await JobWithCollectionAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => RegisterAsync(Register(job, "rgb")))));
        await RegisterAsync(Register(job, "rgb"));

        var stored = (await _platform.Jobs.GetAsync(job.OrganizationId, job.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Completed, stored.Status);
        Assert.NotNull(stored.CompletedAt);
        Assert.Equal([Platform.Artifact(job.JobId, "rgb")], stored.OutputArtifacts);
        Assert.Equal(1L, await Data.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE job_id = $1::uuid", job.JobId));
        Assert.Equal(1L, await Data.ScalarAsync<long>("SELECT count(*) FROM items WHERE collection_id = $1", collection));
        Assert.Equal($"gs://clip-outputs/clips/{job.JobId}/harbour_clip_rgb.tif",
            await Data.ScalarAsync<string>("SELECT a.href FROM assets a JOIN items i ON i.id = a.item_id WHERE i.collection_id = $1 AND a.key = 'rgb'", collection));
        var balance = (await _platform.Ledger.BalanceAsync(job.OrganizationId, CancellationToken.None))!;
        Assert.Equal((0L, 100L), (balance.Reserved, balance.Committed));
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task Completing_answers_whether_it_changed_the_job_and_keeps_each_artifacts_quicklook()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 50);
        var registered = Register(job, "rgb", "nir");
        var input = registered with
        {
            Artifacts = [registered.Artifacts[0] with { QuicklookPath = $"clips/{job.JobId}/rgb.png" }, registered.Artifacts[1] with { QuicklookPath = null }],
        };

        Assert.True(await _platform.Lifecycle.CompleteAsync(input, CancellationToken.None));
        Assert.False(await _platform.Lifecycle.CompleteAsync(input, CancellationToken.None));

        Assert.Equal($"nir:-, rgb:clips/{job.JobId}/rgb.png", await Data.ScalarAsync<string>(
            "SELECT string_agg(mosaic_type || ':' || coalesce(quicklook_path, '-'), ', ' ORDER BY mosaic_type) FROM artifacts WHERE job_id = $1::uuid", job.JobId));
    }

    [Fact]
    public async Task Without_a_target_collection_nothing_is_registered_as_an_item()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 50);
        var items = await Data.ScalarAsync<long>("SELECT count(*) FROM items");
        await RegisterAsync(Register(job, "rgb"));
        Assert.Equal(items, await Data.ScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal(JobStatus.Completed, (await _platform.Jobs.GetAsync(job.OrganizationId, job.JobId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Closing_releases_the_reservation_and_records_the_reason_once()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);

        await CloseAsync(job, JobStatus.Failed, "InvalidRaster: not a GeoTIFF");
        await CloseAsync(job, JobStatus.Cancelled, "second close");

        var stored = (await _platform.Jobs.GetAsync(job.OrganizationId, job.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Equal(new JobFailure("JobFailed", "InvalidRaster: not a GeoTIFF"), stored.Failure);
        Assert.Equal(new CreditBalance(job.OrganizationId, 1_000_000, 0, 0), await _platform.Ledger.BalanceAsync(job.OrganizationId, CancellationToken.None));
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task Closing_as_cancelled_says_so_answers_whether_it_closed_and_keeps_4000_characters_of_reason()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);
        var reason = new string('r', 4000);

        Assert.True(await _platform.Lifecycle.CloseAsync(new CloseJobInput(job.JobId, job.OrganizationId, JobStatus.Cancelled, reason), CancellationToken.None));
        Assert.False(await _platform.Lifecycle.CloseAsync(new CloseJobInput(job.JobId, job.OrganizationId, JobStatus.Failed, "later"), CancellationToken.None));

        var stored = (await _platform.Jobs.GetAsync(job.OrganizationId, job.JobId, CancellationToken.None))!;
        Assert.Equal((JobStatus.Cancelled, new JobFailure("JobCancelled", reason)), (stored.Status, stored.Failure));

        var (longer, _) = await _platform.ReservedJobAsync(units: 100);
        await CloseAsync(longer, JobStatus.Failed, reason + "cut");
        Assert.Equal(reason, (await _platform.Jobs.GetAsync(longer.OrganizationId, longer.JobId, CancellationToken.None))!.Failure!.Message);
    }

    [Fact]
    public async Task A_close_without_a_reason_says_what_is_missing()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);
        var failure = await ActivityHarness.FailureAsync(() => _platform.Activities.CloseJobAsync(new CloseJobInput(job.JobId, job.OrganizationId, JobStatus.Failed, "")));
        Assert.Equal("Say why the job is closed (reason is empty).", failure.Message);
    }

    [Fact]
    public async Task Closing_never_overrides_a_completed_job_and_a_closed_job_cannot_complete()
    {
        var (completed, _) = await _platform.ReservedJobAsync(units: 100);
        await RegisterAsync(Register(completed, "rgb"));
        await CloseAsync(completed, JobStatus.Cancelled, "late cancel");
        Assert.Equal(JobStatus.Completed, (await _platform.Jobs.GetAsync(completed.OrganizationId, completed.JobId, CancellationToken.None))!.Status);

        var (cancelled, _) = await _platform.ReservedJobAsync(units: 100);
        await CloseAsync(cancelled, JobStatus.Cancelled, "user cancelled");
        var failure = await ActivityHarness.FailureAsync(() => _platform.Activities.RegisterArtifactsAsync(Register(cancelled, "rgb")));
        Assert.Equal(ClipErrors.InvalidRequest, failure.ErrorType);
        Assert.Contains($"Job {cancelled.JobId} is cancelled; only a running job can complete", failure.Message, StringComparison.Ordinal);
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task Bad_registrations_are_refused_without_writing()
    {
        var (job, _) = await JobWithCollectionAsync();
        var valid = Register(job, "rgb");
        var other = await Data.OrganizationAsync();
        var theirCollection = await Data.CollectionAsync(other, await Data.ProjectAsync(other));
        var unknownJob = Guid.NewGuid().ToString();
        var cases = new (string Error, RegisterArtifactsInput Input)[]
        {
            (ClipErrors.NotFound, valid with { JobId = unknownJob, Artifacts = [Platform.Artifact(unknownJob, "rgb")] }),
            (ClipErrors.NotFound, valid with { OrganizationId = other }),
            (ClipErrors.InvalidRequest, valid with { JobId = "not-a-uuid" }),
            (ClipErrors.InvalidRequest, valid with { Artifacts = [] }),
            (ClipErrors.InvalidRequest, valid with { Artifacts = [Platform.Artifact(job.JobId, "rgb", size: -1)] }),
            (ClipErrors.InvalidRequest, valid with { Artifacts = [Platform.Artifact(job.JobId, "rgb"), Platform.Artifact(job.JobId, "rgb")] }),
            (ClipErrors.InvalidRequest, valid with { Artifacts = [Platform.Artifact(job.JobId, "rgb") with { GcsPath = "clips/other-job/a.tif" }] }),
            (ClipErrors.InvalidRequest, valid with { Artifacts = [Platform.Artifact(job.JobId, "rgb") with { GcsPath = $"clips/{job.JobId}/../x.tif" }] }),
            (ClipErrors.InvalidRequest, valid with { ProjectId = "another-project" }),
            (ClipErrors.Forbidden, valid with { TargetCollectionId = theirCollection }),
            (ClipErrors.NotFound, valid with { TargetCollectionId = "no-such-collection" }),
        };
        foreach (var (error, input) in cases)
        {
            var before = await Data.WritableStateAsync();
            var failure = await ActivityHarness.FailureAsync(() => _platform.Activities.RegisterArtifactsAsync(input));
            Assert.Equal(error, failure.ErrorType);
            Assert.True(failure.NonRetryable);
            Assert.Equal(before, await Data.WritableStateAsync());
        }
    }

    [Fact]
    public async Task Bad_closes_are_refused_without_writing()
    {
        var (job, _) = await _platform.ReservedJobAsync(units: 100);
        var valid = new CloseJobInput(job.JobId, job.OrganizationId, JobStatus.Failed, "boom");
        var cases = new (string Error, CloseJobInput Input)[]
        {
            (ClipErrors.NotFound, valid with { OrganizationId = await Data.OrganizationAsync() }),
            (ClipErrors.NotFound, valid with { OrganizationId = "org-unknown", JobId = Guid.NewGuid().ToString() }),
            (ClipErrors.InvalidRequest, valid with { JobId = "not-a-uuid" }),
            (ClipErrors.InvalidRequest, valid with { Status = JobStatus.Completed }),
            (ClipErrors.InvalidRequest, valid with { Reason = " " }),
        };
        foreach (var (error, input) in cases)
        {
            var before = await Data.WritableStateAsync();
            var failure = await ActivityHarness.FailureAsync(() => _platform.Activities.CloseJobAsync(input));
            Assert.Equal(error, failure.ErrorType);
            Assert.Equal(before, await Data.WritableStateAsync());
        }
    }

    [Fact]
    public async Task Partial_outputs_commit_credits_pro_rata()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var job = Platform.Job(organization, project, await Data.RasterItemAsync(project));
        var reserve = Platform.Reserve(job, 101);
        var assets = new List<SourceAsset> { reserve.Resolved.Assets[0], reserve.Resolved.Assets[0] with { Key = "nir" } };
        await _platform.Ledger.ReserveAsync(reserve with { Resolved = reserve.Resolved with { Assets = assets } }, CancellationToken.None);

        await RegisterAsync(Register(job, "rgb"));

        Assert.Equal(51, (await _platform.Ledger.BalanceAsync(organization, CancellationToken.None))!.Committed);
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }

    [Fact]
    public async Task Closing_a_job_before_its_reservation_refuses_the_reservation_later()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var job = Platform.Job(organization, project, await Data.RasterItemAsync(project));

        Assert.False(await _platform.Lifecycle.CloseAsync(new CloseJobInput(job.JobId, organization, JobStatus.Cancelled, "cancelled early"), CancellationToken.None));
        Assert.False(await _platform.Lifecycle.CloseAsync(new CloseJobInput(job.JobId, organization, JobStatus.Cancelled, "again"), CancellationToken.None));
        var error = await Assert.ThrowsAsync<DataPlatformException>(() => _platform.Ledger.ReserveAsync(Platform.Reserve(job, 10), CancellationToken.None));

        Assert.Equal(ClipErrors.InvalidRequest, error.ErrorType);
        Assert.Null(await _platform.Jobs.GetAsync(organization, job.JobId, CancellationToken.None));
        Assert.Equal(new CreditBalance(organization, 1_000_000, 0, 0), await _platform.Ledger.BalanceAsync(organization, CancellationToken.None));
    }

    [Fact]
    public async Task Close_racing_reserve_either_closes_the_reserved_job_or_prevents_it()
    {
        var organization = await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        var jobs = Enumerable.Range(0, 40).Select(_ => Platform.Job(organization, project, item)).ToList();

        await Task.WhenAll(jobs.SelectMany(job => new[]
        {
            Task.Run(async () =>
            {
                try
                {
                    await _platform.Ledger.ReserveAsync(Platform.Reserve(job, 10), CancellationToken.None);
                }
                catch (DataPlatformException e) when (e.ErrorType == ClipErrors.InvalidRequest)
                {
                    // closed first: refused, as intended
                }
            }),
            Task.Run(() => _platform.Lifecycle.CloseAsync(new CloseJobInput(job.JobId, organization, JobStatus.Cancelled, "raced"), CancellationToken.None)),
        }));

        foreach (var job in jobs)
        {
            var stored = await _platform.Jobs.GetAsync(organization, job.JobId, CancellationToken.None);
            var marked = await Data.ScalarAsync<long>("SELECT count(*) FROM closed_jobs WHERE job_id = $1::uuid", job.JobId);
            Assert.True(stored is null ? marked == 1 : stored.Status == JobStatus.Cancelled && marked == 0, $"job {job.JobId}: {stored?.Status}, marker {marked}");
        }
        Assert.Equal(0, (await _platform.Ledger.BalanceAsync(organization, CancellationToken.None))!.Reserved);
        await LedgerAudit.AssertConsistentAsync(database.DataSource);
    }
}
