using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Workflows.Contracts;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Jobs;

/// <summary>
/// Registers a job's outputs into a collection as ONE item (id <c>clip-{job_id}</c>, so a retried
/// registration finds it instead of adding another) with one asset per artifact, keyed by mosaic
/// type, href <c>gs://{bucket}/{object key}</c>. The item's footprint is the AOI.
/// </summary>
internal static class OutputItems
{
    public const string CogMediaType = "image/tiff; application=geotiff; profile=cloud-optimized";

    public static string ItemId(Guid jobId) => $"clip-{jobId}";

    public static async Task RegisterAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string organizationId, string collectionId,
        JobLock job, RegisterArtifactsInput input, CancellationToken ct)
    {
        var collectionProject = await CollectionProjectAsync(connection, tx, organizationId, collectionId, ct);
        var envelope = GeoJsonGeometry.ParsePolygonal(job.AoiGeoJson, "The job's AOI").EnvelopeInternal;
        var itemId = ItemId(job.JobId);
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(Command("""
            INSERT INTO items (id, project_id, collection_id, footprint, bbox_west, bbox_south, bbox_east, bbox_north, properties)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8,
                    jsonb_build_object('title', $9::text, 'clip:job_id', $10::text, 'clip:source', $11::text, 'datetime', now()))
            ON CONFLICT (id) DO NOTHING
            """, itemId, collectionProject, collectionId, job.AoiGeoJson, envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY,
            input.OutputName, job.JobId.ToString(), job.SourceItemId is not null ? $"item {job.SourceItemId}" : $"area {job.SourceAreaId}"));
        foreach (var artifact in input.Artifacts)
            batch.BatchCommands.Add(Command("""
                INSERT INTO assets (item_id, key, href, media_type, roles, mosaic_type) VALUES ($1, $2, $3, $4, '{data}', $2)
                ON CONFLICT (item_id, key) DO NOTHING
                """, itemId, artifact.MosaicType, $"gs://{job.OutputBucket}/{artifact.GcsPath}", CogMediaType));
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> CollectionProjectAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string organizationId, string collectionId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT project_id, organization_id FROM collections WHERE id = $1", connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = collectionId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            throw DataPlatformException.NotFound($"The target collection {collectionId} does not exist.");
        if (reader.GetString(1) != organizationId)
            throw DataPlatformException.Forbidden($"The target collection {collectionId} belongs to another organization.");
        return reader.GetString(0);
    }

    internal static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
