using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Jobs;

/// <summary>A job row locked FOR UPDATE within the caller's transaction. Lock order everywhere: the
/// job row, then the credit account row (reservation inserts a new job after locking the account,
/// which cannot wait on an existing job), so job transactions cannot deadlock.</summary>
internal sealed record JobLock(Guid JobId, string Status, string ProjectId, string OutputBucket, long ReservedUnits,
    int AssetCount, string AoiGeoJson, string? SourceItemId, string? SourceAreaId)
{
    /// <summary>Lock the job of this organization; NotFound when it does not exist there (another
    /// organization's job is not revealed).</summary>
    public static async Task<JobLock> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string organizationId, string jobId, CancellationToken ct) =>
        await TryAcquireAsync(connection, tx, organizationId, jobId, ct)
        ?? throw DataPlatformException.NotFound($"Job {jobId} does not exist in organization {organizationId}.");

    /// <summary>Like <see cref="AcquireAsync"/> but null when the job does not exist in this organization.</summary>
    public static async Task<JobLock?> TryAcquireAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string organizationId, string jobId, CancellationToken ct)
    {
        if (!Guid.TryParse(jobId, out var id))
            throw DataPlatformException.Invalid($"Job id '{jobId}' is not a UUID.");
        await using var command = new NpgsqlCommand("""
            SELECT status, project_id, output_bucket, reserved_units, cardinality(asset_keys), aoi::text, source_item_id, source_area_id
            FROM jobs WHERE id = $1 AND organization_id = $2 FOR UPDATE
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = organizationId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        return new JobLock(id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4),
            reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
    }
}
