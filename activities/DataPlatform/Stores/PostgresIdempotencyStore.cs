using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Geopera.Clip.Activities.DataPlatform.Stores;

/// <summary>
/// Idempotency keys per organization. A key is bound to the fingerprint of the first request and
/// its job until it expires (<see cref="DataPlatformOptions.IdempotencyRetention"/>); an expired key
/// is treated as absent, removed when found, and may be bound again.
/// </summary>
public sealed class PostgresIdempotencyStore(NpgsqlDataSource dataSource, IOptions<DataPlatformOptions> options) : IIdempotencyStore
{
    private readonly TimeSpan _retention = options.Value.IdempotencyRetention;

    public async Task<(IdempotencyMatch Match, IdempotencyRecord? Record)> FindAsync(string organizationId, string key, string fingerprint, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        // Forget this key if expired, and sweep a bounded number of the organization's other expired
        // keys so they do not pile up (a lookup never does unbounded work).
        batch.BatchCommands.Add(Command("""
            DELETE FROM idempotency_keys WHERE organization_id = $1 AND expires_at <= now()
              AND (key = $2 OR key IN (SELECT k.key FROM idempotency_keys k WHERE k.organization_id = $1 AND k.expires_at <= now() LIMIT 100))
            """, organizationId, key));
        batch.BatchCommands.Add(Command(
            "SELECT organization_id, key, fingerprint, job_id, response::text, created_at, expires_at, response_status FROM idempotency_keys " +
            "WHERE organization_id = $1 AND key = $2 AND expires_at > now()", organizationId, key));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return (IdempotencyMatch.None, null);
        var record = new IdempotencyRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3).ToString(),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7));
        return (record.Fingerprint == fingerprint ? IdempotencyMatch.SameRequest : IdempotencyMatch.DifferentRequest, record);
    }

    /// <summary>Returns <see cref="IdempotencyMatch.None"/> when the key was new (or expired) and is now
    /// bound, <see cref="IdempotencyMatch.SameRequest"/> when it was already bound to this fingerprint
    /// (the first stored response is kept; a missing one is filled in), and
    /// <see cref="IdempotencyMatch.DifferentRequest"/> without writing when bound to another.</summary>
    public async Task<IdempotencyMatch> SaveAsync(string organizationId, string key, string fingerprint, string jobId, StoredAnswer? answer, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(fingerprint))
            throw DataPlatformException.Invalid("An idempotency key and a request fingerprint are required.");
        if (!Guid.TryParse(jobId, out var job))
            throw DataPlatformException.Invalid($"Job id '{jobId}' is not a UUID.");
        if (answer is not null)
        {
            DataPlatformJson.EnsureDocument(answer.Json, "The stored answer");
            if (answer.Status != 200 && answer.Status is < 400 or > 499)
                throw DataPlatformException.Invalid($"Only an admission (200) or a refusal (4xx) is stored with a key, not {answer.Status}.");
        }
        await using var command = dataSource.CreateCommand("""
            INSERT INTO idempotency_keys AS k (organization_id, key, fingerprint, job_id, response, response_status, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5::jsonb, $7, now(), now() + $6)
            ON CONFLICT (organization_id, key) DO UPDATE SET
                fingerprint = EXCLUDED.fingerprint,
                job_id      = CASE WHEN k.expires_at <= now() THEN EXCLUDED.job_id ELSE k.job_id END,
                response_status = CASE WHEN k.expires_at <= now() OR k.response IS NULL THEN EXCLUDED.response_status ELSE k.response_status END,
                response    = CASE WHEN k.expires_at <= now() THEN EXCLUDED.response ELSE COALESCE(k.response, EXCLUDED.response) END,
                created_at  = CASE WHEN k.expires_at <= now() THEN EXCLUDED.created_at ELSE k.created_at END,
                expires_at  = CASE WHEN k.expires_at <= now() THEN EXCLUDED.expires_at ELSE k.expires_at END
            WHERE k.expires_at <= now() OR k.fingerprint = EXCLUDED.fingerprint
            RETURNING (xmax = 0) OR (created_at = now()) AS bound_now
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = organizationId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
        command.Parameters.Add(new NpgsqlParameter { Value = job });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)answer?.Json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = _retention, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = answer?.Status ?? 200 });
        try
        {
            var result = await command.ExecuteScalarAsync(ct);
            return result switch
            {
                null => IdempotencyMatch.DifferentRequest,
                true => IdempotencyMatch.None,
                _ => IdempotencyMatch.SameRequest,
            };
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw DataPlatformException.NotFound($"Organization '{organizationId}' does not exist.");
        }
    }

    private static NpgsqlBatchCommand Command(string sql, string organizationId, string key) =>
        new(sql) { Parameters = { new() { Value = organizationId }, new() { Value = key } } };
}
