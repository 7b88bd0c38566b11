using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Geopera.Clip.Activities.DataPlatform.Jobs;
using Geopera.Clip.Activities.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace Geopera.Clip.Activities.DataPlatform.Credits;

/// <summary>
/// Credits per organization: an account (limit, reserved, committed) and an append-only ledger with
/// at most one reserve, one commit and one release per job (unique (job_id, kind)). Every write
/// locks the account row, so concurrent reservations cannot overdraw, and repeating any operation
/// for the same job changes nothing.
/// </summary>
public sealed class CreditLedger(NpgsqlDataSource dataSource, ReservationDataSource reservations, CreditMetrics metrics, IOptions<DataPlatformOptions> options, ILogger<CreditLedger> logger)
{
    private readonly TimeSpan _idempotencyRetention = options.Value.IdempotencyRetention;

    /// <summary>Named notation: each parameter's meaning is written beside its placeholder, in the
    /// order <see cref="ReserveAsync"/> adds them.</summary>
    private const string ReserveSql = """
        SELECT outcome, units, used, limit_units FROM clip_reserve_credits(
            p_job_id => $1, p_organization_id => $2, p_project_id => $3, p_units => $4,
            p_request => $5, p_aoi => $6, p_asset_keys => $7, p_workflow_id => $8, p_output_bucket => $9,
            p_source_item_id => $10, p_source_area_id => $11, p_target_collection_id => $12,
            p_idempotency_key => $13, p_fingerprint => $14, p_idempotency_retention => $15)
        """;

    /// <summary>Reserve the resolved units for the job and create its row (cog_clip, running) and its
    /// idempotency key, in one transaction. The same job gets its first reservation back.</summary>
    public async Task<CreditReservation> ReserveAsync(ReserveCreditsInput input, CancellationToken ct)
    {
        var jobId = ReservationRequest.Validate(input);
        var job = input.Job;
        await using var command = reservations.DataSource.CreateCommand(ReserveSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.OrganizationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.ProjectId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = input.Resolved.ComputeUnits });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.RequestJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.AoiGeoJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = input.Resolved.Assets.Select(a => a.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.WorkflowId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.Resolved.OutputBucket });
        command.Parameters.Add(NullableText(job.Source.ItemId));
        command.Parameters.Add(NullableText(job.Source.AreaId));
        command.Parameters.Add(NullableText(job.TargetCollectionId));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.IdempotencyKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.RequestFingerprint });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = _idempotencyRetention, NpgsqlDbType = NpgsqlDbType.Interval });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (outcome, units, used, limit) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        if (outcome == "reserved")
            metrics.Reserved(units);
        else if (outcome != "existing")
            metrics.Refused(outcome);
        return outcome switch
        {
            "reserved" or "existing" => new CreditReservation(input.JobId, units, used, limit),
            "quota_exceeded" => throw QuotaExceeded(job.OrganizationId, used, limit, units),
            "no_account" => throw DataPlatformException.NotFound($"Organization {job.OrganizationId} has no credit account; ask an operator to set a credit limit."),
            "project_not_found" => throw DataPlatformException.NotFound($"The output project {job.ProjectId} does not exist."),
            "forbidden" => throw DataPlatformException.Forbidden($"The output project {job.ProjectId} belongs to another organization."),
            "collection_not_found" => throw DataPlatformException.NotFound($"The target collection {job.TargetCollectionId} does not exist."),
            "collection_forbidden" => throw DataPlatformException.Forbidden($"The target collection {job.TargetCollectionId} belongs to another organization."),
            "job_conflict" => throw DataPlatformException.Invalid($"Job {input.JobId} is reserved by another organization."),
            "closed" => throw DataPlatformException.Invalid($"Job {input.JobId} was closed before it reserved credits; send the request again with a new Idempotency-Key."),
            _ => throw new InvalidOperationException($"clip_reserve_credits answered '{outcome}', which this build does not know."),
        };
    }

    /// <summary>Commit <paramref name="units"/> of the job's reservation and release the rest. Repeating
    /// it changes nothing. Refused when the job has no reservation, was already released, or the units
    /// are negative or exceed the reservation.</summary>
    public Task<LedgerChange> CommitAsync(string organizationId, string jobId, long units, CancellationToken ct) =>
        InJobTransactionAsync(organizationId, jobId, (connection, tx, id) => SettleAsync(connection, tx, organizationId, id, units, ct), ct);

    /// <summary>Release the whole reservation of a job that will not complete. Repeating it, or
    /// releasing a job already committed, changes nothing.</summary>
    public Task<LedgerChange> ReleaseAsync(string organizationId, string jobId, CancellationToken ct) =>
        InJobTransactionAsync(organizationId, jobId, (connection, tx, id) => SettleAsync(connection, tx, organizationId, id, null, ct), ct);

    /// <summary>The account of an organization, or null when it has none.</summary>
    public async Task<CreditBalance?> BalanceAsync(string organizationId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT limit_units, reserved_units, committed_units FROM credit_accounts WHERE organization_id = $1");
        Add(command, organizationId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new CreditBalance(organizationId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    /// <summary>Settle a job's reservation inside the caller's transaction, which must hold the job
    /// row lock: commit <paramref name="commitUnits"/> and release the rest, or (null) release it all.</summary>
    internal async Task<LedgerChange> SettleAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string organizationId, Guid jobId, long? commitUnits, CancellationToken ct)
    {
        await using var lockAccount = new NpgsqlCommand("SELECT 1 FROM credit_accounts WHERE organization_id = $1 FOR UPDATE", connection, tx);
        Add(lockAccount, organizationId);
        await lockAccount.ExecuteScalarAsync(ct);
        var entries = await JobEntriesAsync(connection, tx, jobId, ct);
        if (!entries.TryGetValue("reserve", out var reserved))
            throw DataPlatformException.NotFound($"Job {jobId} holds no credit reservation.");
        if (entries.ContainsKey("commit") || entries.ContainsKey("release"))
        {
            if (commitUnits is not null && !entries.ContainsKey("commit"))
                throw DataPlatformException.Invalid($"Job {jobId} was already released; its credits cannot be committed.");
            return LedgerChange.AlreadySettled;
        }
        if (commitUnits is < 0 || commitUnits > reserved)
            throw DataPlatformException.Invalid($"Cannot commit {commitUnits} units of job {jobId}: it reserved {reserved}.");
        var committed = commitUnits ?? 0;
        await using var batch = new NpgsqlBatch(connection, tx);
        if (commitUnits is not null)
            batch.BatchCommands.Add(LedgerInsert(organizationId, jobId, "commit", committed));
        batch.BatchCommands.Add(LedgerInsert(organizationId, jobId, "release", reserved - committed));
        var update = new NpgsqlBatchCommand(
            "UPDATE credit_accounts SET reserved_units = reserved_units - $2, committed_units = committed_units + $3, updated_at = now() WHERE organization_id = $1");
        update.Parameters.Add(new NpgsqlParameter { Value = organizationId });
        update.Parameters.Add(new NpgsqlParameter { Value = reserved });
        update.Parameters.Add(new NpgsqlParameter { Value = committed });
        batch.BatchCommands.Add(update);
        await batch.ExecuteNonQueryAsync(ct);
        metrics.Settled(committed, reserved - committed);
        logger.CreditsSettled(jobId, organizationId, reserved, committed, reserved - committed);
        return commitUnits is null ? LedgerChange.Released : LedgerChange.Committed;
    }

    private async Task<LedgerChange> InJobTransactionAsync(string organizationId, string jobId,
        Func<NpgsqlConnection, NpgsqlTransaction, Guid, Task<LedgerChange>> work, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var id = await JobLock.AcquireAsync(connection, tx, organizationId, jobId, ct);
        var change = await work(connection, tx, id.JobId);
        await tx.CommitAsync(ct);
        return change;
    }

    private static async Task<Dictionary<string, long>> JobEntriesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid jobId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT kind, units FROM credit_ledger WHERE job_id = $1", connection, tx);
        Add(command, jobId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            entries[reader.GetString(0)] = reader.GetInt64(1);
        return entries;
    }

    private static NpgsqlBatchCommand LedgerInsert(string organizationId, Guid jobId, string kind, long units) =>
        new("INSERT INTO credit_ledger (organization_id, job_id, kind, units) VALUES ($1, $2, $3, $4)")
        {
            Parameters = { new() { Value = organizationId }, new() { Value = jobId }, new() { Value = kind }, new() { Value = units } },
        };

    private static DataPlatformException QuotaExceeded(string organizationId, long used, long limit, long requested) =>
        new(ClipErrors.QuotaExceeded,
            $"Organization {organizationId} has used {used} of {limit} compute units; this clip needs {requested} more. Reduce the AOI or asset count, or raise the credit limit.",
            new Dictionary<string, long> { ["used"] = used, ["limit"] = limit, ["requested"] = requested });

    private static NpgsqlParameter NullableText(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
    }
}

/// <summary>What a commit or release did.</summary>
public enum LedgerChange { Committed, Released, AlreadySettled }
