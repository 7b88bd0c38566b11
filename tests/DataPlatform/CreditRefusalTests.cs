using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Bad reservations: each is refused with a typed error and writes nothing.</summary>
public sealed class CreditRefusalTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private TestData Data => _platform.Data;

    // says: a part of the message the caller reads (it becomes the API problem's detail).
    private async Task AssertRefusedAsync(string errorType, ReserveCreditsInput input, string says = "")
    {
        var before = await Data.WritableStateAsync();
        var error = await Assert.ThrowsAsync<DataPlatformException>(() => _platform.Ledger.ReserveAsync(input, CancellationToken.None));
        Assert.Equal(errorType, error.ErrorType);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Data.WritableStateAsync());
    }

    private async Task<ClipJobInput> JobAsync(long? creditLimit = 1000)
    {
        var organization = await Data.OrganizationAsync(creditLimit);
        var project = await Data.ProjectAsync(organization);
        return Platform.Job(organization, project, await Data.RasterItemAsync(project));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(long.MaxValue)]
    [InlineData(ReservationRequest.MaxUnitsPerJob + 1)]
    public async Task Zero_negative_or_absurd_amounts(long units) =>
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(await JobAsync(creditLimit: 2 * ReservationRequest.MaxUnitsPerJob), units),
            says: $"{units} compute units is not a valid amount");

    [Fact]
    public async Task One_unit_and_the_largest_amount_per_job_are_valid_amounts()
    {
        var job = await JobAsync(creditLimit: 2 * ReservationRequest.MaxUnitsPerJob);
        var other = Platform.Job(job.OrganizationId, job.ProjectId, job.Source.ItemId!);

        Assert.Equal(1, (await _platform.Ledger.ReserveAsync(Platform.Reserve(job, 1), CancellationToken.None)).Units);
        Assert.Equal(ReservationRequest.MaxUnitsPerJob,
            (await _platform.Ledger.ReserveAsync(Platform.Reserve(other, ReservationRequest.MaxUnitsPerJob), CancellationToken.None)).Units);
    }

    /// <summary>Each field a reservation needs, missing or blank, is refused before anything is
    /// written, with a message that names it.</summary>
    [Theory]
    [InlineData("job", "The job is missing")]
    [InlineData("resolved assets", "The resolved assets are missing")]
    [InlineData("organization", "The organization and the idempotency key are required")]
    [InlineData("idempotency key", "The organization and the idempotency key are required")]
    [InlineData("fingerprint", "The request fingerprint is missing")]
    [InlineData("source", "Name exactly one source")]
    [InlineData("item or area", "Name exactly one source")]
    [InlineData("project", "The output project and its bucket are required")]
    [InlineData("output bucket", "The output project and its bucket are required")]
    [InlineData("empty target collection", "target_collection_id is empty")]
    public async Task A_missing_or_blank_field(string field, string says)
    {
        var input = Platform.Reserve(await JobAsync(), 10);
        var job = input.Job;
        var broken = field switch
        {
            "job" => input with { Job = null! },
            "resolved assets" => input with { Resolved = null! },
            "organization" => input with { Job = job with { OrganizationId = " " } },
            "idempotency key" => input with { Job = job with { IdempotencyKey = "" } },
            "fingerprint" => input with { Job = job with { RequestFingerprint = " " } },
            "source" => input with { Job = job with { Source = null! } },
            "item or area" => input with { Job = job with { Source = new ClipSource(null, null) } },
            "project" => input with { Job = job with { ProjectId = "" } },
            "output bucket" => input with { Resolved = input.Resolved with { OutputBucket = " " } },
            "empty target collection" => input with { Job = job with { TargetCollectionId = "" } },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no such case"),
        };
        await AssertRefusedAsync(ClipErrors.InvalidRequest, broken, says);
    }

    [Fact]
    public async Task A_job_id_that_is_not_derived_from_the_idempotency_key()
    {
        var job = await JobAsync();
        var forged = job with { JobId = Guid.NewGuid().ToString() };
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(forged, 10),
            says: $"Job id {forged.JobId} is not the id of idempotency key '{job.IdempotencyKey}' in organization {job.OrganizationId}");
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job, 10) with { JobId = forged.JobId }, says: "is not the id of idempotency key");
    }

    [Fact]
    public async Task An_organization_without_credit_account_or_unknown()
    {
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(await JobAsync(creditLimit: null), 10), says: "has no credit account");
        var job = await JobAsync();
        var stranger = Platform.Job("org-unknown", job.ProjectId, "item");
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(stranger, 10), says: "Organization org-unknown has no credit account");
    }

    [Fact]
    public async Task Another_organizations_or_an_unknown_output_project()
    {
        var job = await JobAsync();
        var theirProject = await Data.ProjectAsync(await Data.OrganizationAsync());
        await AssertRefusedAsync(ClipErrors.Forbidden, Platform.Reserve(job with { ProjectId = theirProject }, 10),
            says: $"The output project {theirProject} belongs to another organization");
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(job with { ProjectId = "no-such-project" }, 10),
            says: "The output project no-such-project does not exist");
    }

    [Fact]
    public async Task Another_organizations_or_an_unknown_target_collection()
    {
        var job = await JobAsync();
        var other = await Data.OrganizationAsync();
        var theirCollection = await Data.CollectionAsync(other, await Data.ProjectAsync(other));
        await AssertRefusedAsync(ClipErrors.Forbidden, Platform.Reserve(job with { TargetCollectionId = theirCollection }, 10),
            says: $"The target collection {theirCollection} belongs to another organization");
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(job with { TargetCollectionId = "no-such-collection" }, 10),
            says: "The target collection no-such-collection does not exist");
    }

    [Fact]
    public async Task Malformed_request_aoi_source_or_assets()
    {
        var job = await JobAsync();
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job with { RequestJson = "{not json" }, 10), says: "The request");
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job with { AoiGeoJson = "" }, 10), says: "The AOI is empty");
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job with { Source = new ClipSource("a", "b") }, 10), says: "Name exactly one source");
        var reservation = Platform.Reserve(job, 10);
        await AssertRefusedAsync(ClipErrors.InvalidRequest, reservation with { Resolved = reservation.Resolved with { Assets = [] } },
            says: "There are no assets to reserve credits for");
        await AssertRefusedAsync(ClipErrors.InvalidRequest, reservation with { WorkflowId = "" }, says: "The workflow id is missing");
    }

    [Fact]
    public async Task Over_quota_writes_nothing() =>
        await AssertRefusedAsync(ClipErrors.QuotaExceeded, Platform.Reserve(await JobAsync(creditLimit: 9), 10),
            says: "has used 0 of 9 compute units; this clip needs 10 more");
}
