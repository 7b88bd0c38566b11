using System.Text.Json;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Jobs;

/// <summary>
/// The end of a job, each in one transaction holding the job row lock, so retries and races see
/// either nothing or everything: completing (artifacts, output item, credit commit, status) and
/// closing as failed or cancelled (credit release, status, reason). A completed job stays completed.
/// </summary>
public sealed class JobLifecycle(NpgsqlDataSource dataSource, CreditLedger ledger, ILogger<JobLifecycle> logger)
{
    /// <summary>Returns false when the job was already completed (nothing changed).</summary>
    public async Task<bool> CompleteAsync(RegisterArtifactsInput input, CancellationToken ct)
    {
        RegistrationRequest.Validate(input);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var job = await JobLock.AcquireAsync(connection, tx, input.OrganizationId, input.JobId, ct);
        if (job.Status == JobStatus.Completed)
        {
            logger.JobAlreadyCompleted(input.JobId);
            return false;
        }
        if (job.Status != JobStatus.Running)
            throw DataPlatformException.Invalid($"Job {input.JobId} is {job.Status}; only a running job can complete.");
        if (job.ProjectId != input.ProjectId)
            throw DataPlatformException.Invalid($"Job {input.JobId} writes to project {job.ProjectId}, not {input.ProjectId}.");

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            foreach (var a in input.Artifacts)
                batch.BatchCommands.Add(OutputItems.Command(
                    "INSERT INTO artifacts (job_id, mosaic_type, filename, size_bytes, object_key, checksum, quicklook_path) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    job.JobId, a.MosaicType, a.Filename, a.SizeBytes, a.GcsPath, a.Checksum, (object?)a.QuicklookPath ?? DBNull.Value));
            batch.BatchCommands.Add(OutputItems.Command(
                "UPDATE jobs SET status = 'completed', output_artifacts = $2::jsonb, completed_at = now(), updated_at = now() WHERE id = $1",
                job.JobId, JsonSerializer.Serialize(input.Artifacts, DataPlatformJson.Options)));
            await batch.ExecuteNonQueryAsync(ct);
        }
        if (input.TargetCollectionId is { } collection)
            await OutputItems.RegisterAsync(connection, tx, input.OrganizationId, collection, job, input, ct);
        var used = RegistrationRequest.UsedUnits(job.ReservedUnits, job.AssetCount, input.Artifacts.Count);
        await ledger.SettleAsync(connection, tx, input.OrganizationId, job.JobId, used, ct);
        await tx.CommitAsync(ct);
        logger.JobCompleted(input.JobId, input.Artifacts.Count, used);
        return true;
    }

    /// <summary>Release the job's credits and record it as failed or cancelled with the reason.
    /// Returns false when nothing changed: the job had already ended (a completed job is never
    /// overridden), or it holds no reservation yet — then a closed marker refuses any later
    /// reservation for it. Another organization's job is NotFound.</summary>
    public async Task<bool> CloseAsync(CloseJobInput input, CancellationToken ct)
    {
        if (input.Status is not (JobStatus.Failed or JobStatus.Cancelled))
            throw DataPlatformException.Invalid($"A job closes as '{JobStatus.Failed}' or '{JobStatus.Cancelled}', not '{input.Status}'.");
        if (string.IsNullOrWhiteSpace(input.Reason))
            throw DataPlatformException.Invalid("Say why the job is closed (reason is empty).");
        var reason = Truncate(input.Reason, 4000);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var job = await JobLock.TryAcquireAsync(connection, tx, input.OrganizationId, input.JobId, ct);
            if (job is null)
            {
                if (await ClosedMarker.TryWriteAsync(connection, tx, input.OrganizationId, input.JobId, input.Status, reason, ct))
                {
                    await tx.CommitAsync(ct);
                    logger.JobClosedUnreserved(input.JobId, input.Status);
                    return false;
                }
                continue; // the reservation landed meanwhile: close the job it created
            }
            if (JobStatus.IsTerminal(job.Status))
            {
                logger.JobCloseIgnored(input.JobId, job.Status, input.Status);
                return false;
            }
            await ledger.SettleAsync(connection, tx, input.OrganizationId, job.JobId, null, ct);
            var failure = new JobFailure(input.Status == JobStatus.Cancelled ? "JobCancelled" : "JobFailed", reason);
            await using (var update = new NpgsqlCommand("UPDATE jobs SET status = $2, failure = $3::jsonb, updated_at = now() WHERE id = $1", connection, tx))
            {
                update.Parameters.Add(new NpgsqlParameter { Value = job.JobId });
                update.Parameters.Add(new NpgsqlParameter { Value = input.Status });
                update.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(failure, DataPlatformJson.Options) });
                await update.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            logger.JobClosed(input.JobId, input.Status, failure.Message);
            return true;
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
