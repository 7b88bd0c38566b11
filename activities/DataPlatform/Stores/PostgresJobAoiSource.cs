using Geopera.Clip.Activities.Raster;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Stores;

/// <summary>The AOI a job row keeps (<c>jobs.aoi</c>, written with the reservation). Deleted jobs
/// still answer: a warp may run while the job's deletion waits for it to stop.</summary>
public sealed class PostgresJobAoiSource(NpgsqlDataSource dataSource) : IJobAoiSource
{
    public async Task<string?> FindAsync(string jobId, CancellationToken ct)
    {
        if (!JobRows.TryParseId(jobId, out var id))
            return null;
        await using var command = dataSource.CreateCommand("SELECT aoi::text FROM jobs WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
