using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Bad reservations: each is refused with a typed error and writes nothing.</summary>
public sealed class CreditRefusalTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private TestData Data => _platform.Data;

    private async Task AssertRefusedAsync(string errorType, ReserveCreditsInput input)
    {
        var before = await Data.WritableStateAsync();
        var error = await Assert.ThrowsAsync<DataPlatformException>(() => _platform.Ledger.ReserveAsync(input, CancellationToken.None));
        Assert.Equal(errorType, error.ErrorType);
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
    public async Task Zero_negative_or_absurd_amounts(long units) =>
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(await JobAsync(), units));

    [Fact]
    public async Task A_job_id_that_is_not_derived_from_the_idempotency_key()
    {
        var job = await JobAsync();
        var forged = job with { JobId = Guid.NewGuid().ToString() };
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(forged, 10));
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job, 10) with { JobId = forged.JobId });
    }

    [Fact]
    public async Task An_organization_without_credit_account_or_unknown()
    {
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(await JobAsync(creditLimit: null), 10));
        var job = await JobAsync();
        var stranger = Platform.Job("org-unknown", job.ProjectId, "item");
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(stranger, 10));
    }

    [Fact]
    public async Task Another_organizations_or_an_unknown_output_project()
    {
        var job = await JobAsync();
        var theirProject = await Data.ProjectAsync(await Data.OrganizationAsync());
        await AssertRefusedAsync(ClipErrors.Forbidden, Platform.Reserve(job with { ProjectId = theirProject }, 10));
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(job with { ProjectId = "no-such-project" }, 10));
    }

    [Fact]
    public async Task Another_organizations_or_an_unknown_target_collection()
    {
        var job = await JobAsync();
        var other = await Data.OrganizationAsync();
        var theirCollection = await Data.CollectionAsync(other, await Data.ProjectAsync(other));
        await AssertRefusedAsync(ClipErrors.Forbidden, Platform.Reserve(job with { TargetCollectionId = theirCollection }, 10));
        await AssertRefusedAsync(ClipErrors.NotFound, Platform.Reserve(job with { TargetCollectionId = "no-such-collection" }, 10));
    }

    [Fact]
    public async Task Malformed_request_aoi_source_or_assets()
    {
        var job = await JobAsync();
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job with { RequestJson = "{not json" }, 10));
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job with { AoiGeoJson = "" }, 10));
        await AssertRefusedAsync(ClipErrors.InvalidRequest, Platform.Reserve(job with { Source = new ClipSource("a", "b") }, 10));
        var reservation = Platform.Reserve(job, 10);
        await AssertRefusedAsync(ClipErrors.InvalidRequest, reservation with { Resolved = reservation.Resolved with { Assets = [] } });
        await AssertRefusedAsync(ClipErrors.InvalidRequest, reservation with { WorkflowId = "" });
    }

    [Fact]
    public async Task Over_quota_writes_nothing() =>
        await AssertRefusedAsync(ClipErrors.QuotaExceeded, Platform.Reserve(await JobAsync(creditLimit: 9), 10));
}
