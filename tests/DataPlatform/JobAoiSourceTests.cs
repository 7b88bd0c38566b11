using System.Text.Json.Nodes;
using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Tests.Infrastructure;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>The AOI a warp reads from its job's row instead of carrying it in every warp input.</summary>
public sealed class JobAoiSourceTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private PostgresJobAoiSource Source => new(database.DataSource);

    [Fact]
    public async Task A_reserved_job_answers_the_aoi_it_was_created_with_also_once_deleted()
    {
        var (job, _) = await _platform.ReservedJobAsync();

        var stored = await Source.FindAsync(job.JobId, CancellationToken.None);
        await _platform.Jobs.MarkDeletedAsync(job.OrganizationId, job.JobId, CancellationToken.None);
        var afterDelete = await Source.FindAsync(job.JobId, CancellationToken.None);

        // jsonb may reorder members and respace; the geometry (every coordinate) is the same.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(job.AoiGeoJson), JsonNode.Parse(stored!)), stored);
        Assert.Equal(stored, afterDelete);
    }

    [Theory]
    [InlineData("3a9c7f10-2b44-4d11-9c8e-1f2a3b4c5d6e")]
    [InlineData("not-a-uuid")]
    public async Task No_row_answers_null(string jobId) =>
        Assert.Null(await Source.FindAsync(jobId, CancellationToken.None));
}
