using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Stores;

/// <summary>Jobs as the API reads them: always within the caller's organization, deleted jobs hidden.</summary>
public sealed class PostgresJobStore(NpgsqlDataSource dataSource) : IJobStore
{
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 200;

    /// <summary>The limit actually used: values outside [1, <see cref="MaxListLimit"/>] are clamped.</summary>
    public static int ClampLimit(int limit) => Math.Clamp(limit, 1, MaxListLimit);

    public async Task<JobRecord?> GetAsync(string organizationId, string jobId, CancellationToken ct)
    {
        if (!JobRows.TryParseId(jobId, out var id))
            return null;
        await using var command = dataSource.CreateCommand(
            $"SELECT {JobRows.Columns} FROM jobs WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = organizationId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? JobRows.Read(reader) : null;
    }

    private const string ListFilter = "organization_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR status = $2)";

    /// <summary>One page. Parameters: $1 organization, $2 status or null, $3 limit, $4 offset. The
    /// skipped rows are walked in the index jobs_organization_listing alone (an index-only scan);
    /// only the page's own rows are read from the table. (The API benchmark runs this exact text
    /// through pgbench as its reference.)</summary>
    public const string ListPageSql =
        $"SELECT {JobRows.Columns} FROM (SELECT id AS page_id, created_at AS page_created FROM jobs WHERE {ListFilter} " +
        "ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4) page JOIN jobs ON jobs.id = page.page_id ORDER BY page_created DESC, page_id DESC";

    /// <summary>The page's total: $1 organization, $2 status or null.</summary>
    public const string ListTotalSql = $"SELECT count(*) FROM jobs WHERE {ListFilter}";

    /// <summary>Newest first (ties broken by id so pages are stable). A negative offset is refused
    /// with <see cref="ArgumentOutOfRangeException"/>.</summary>
    public async Task<JobPage> ListAsync(string organizationId, string? status, int limit, int offset, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(ListPageSql, organizationId, status, ClampLimit(limit), offset));
        batch.BatchCommands.Add(Command(ListTotalSql, organizationId, status));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync(ct))
            jobs.Add(JobRows.Read(reader));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new JobPage(jobs, reader.GetInt64(0));
    }

    public async Task<bool> MarkDeletedAsync(string organizationId, string jobId, CancellationToken ct)
    {
        if (!JobRows.TryParseId(jobId, out var id))
            return false;
        await using var command = dataSource.CreateCommand(
            "UPDATE jobs SET deleted_at = COALESCE(deleted_at, now()), updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END " +
            "WHERE id = $1 AND organization_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = organizationId });
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    private static NpgsqlBatchCommand Command(string sql, string organizationId, string? status, params object[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = organizationId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        foreach (var value in more)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
