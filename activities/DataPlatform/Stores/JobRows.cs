using System.Text.Json;
using Geopera.Clip.Workflows.Contracts;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Stores;

/// <summary>Reads <see cref="JobRecord"/>s from rows selected with <see cref="Columns"/>.</summary>
internal static class JobRows
{
    public const string Columns =
        "id, organization_id, project_id, job_type, status, request::text, aoi::text, asset_keys, " +
        "output_artifacts::text, failure::text, workflow_id, output_bucket, reserved_units, created_at, updated_at, completed_at";

    public static JobRecord Read(NpgsqlDataReader reader) => new(
        Id: reader.GetGuid(0).ToString(),
        OrganizationId: reader.GetString(1),
        ProjectId: reader.GetString(2),
        JobType: reader.GetString(3),
        Status: reader.GetString(4),
        RequestJson: reader.GetString(5),
        AoiGeoJson: reader.GetString(6),
        AssetKeys: reader.GetFieldValue<string[]>(7),
        OutputArtifacts: JsonSerializer.Deserialize<List<ClipArtifact>>(reader.GetString(8), DataPlatformJson.Options) ?? [],
        Failure: reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<JobFailure>(reader.GetString(9), DataPlatformJson.Options),
        WorkflowId: reader.GetString(10),
        OutputBucket: reader.GetString(11),
        ReservedUnits: reader.GetInt64(12),
        CreatedAt: reader.GetFieldValue<DateTimeOffset>(13),
        UpdatedAt: reader.GetFieldValue<DateTimeOffset>(14),
        CompletedAt: reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15));

    /// <summary>Job ids are UUIDs; anything else names no job (rather than a database error).</summary>
    public static bool TryParseId(string? jobId, out Guid id) => Guid.TryParse(jobId, out id);
}
