using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Jobs;

/// <summary>Marks a job closed before it had a reservation (table <c>closed_jobs</c>, migration 0003),
/// so a reservation that arrives later is refused. Holds the organization's credit account lock,
/// which reservations also take, so the two cannot interleave.</summary>
internal static class ClosedMarker
{
    /// <summary>Write the marker; false when the job exists after all (it was reserved meanwhile).
    /// NotFound when the job belongs to another organization or the organization has no account.</summary>
    public static async Task<bool> TryWriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string organizationId, string jobId,
        string status, string reason, CancellationToken ct)
    {
        var id = Guid.Parse(jobId);
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(OutputItems.Command("SELECT 1 FROM credit_accounts WHERE organization_id = $1 FOR UPDATE", organizationId));
        batch.BatchCommands.Add(OutputItems.Command("SELECT organization_id FROM jobs WHERE id = $1", id));
        string? owner;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
                throw DataPlatformException.NotFound($"Organization {organizationId} has no credit account, so job {jobId} cannot exist there.");
            await reader.NextResultAsync(ct);
            owner = await reader.ReadAsync(ct) ? reader.GetString(0) : null;
        }
        if (owner == organizationId)
            return false;
        if (owner is not null)
            throw DataPlatformException.NotFound($"Job {jobId} does not exist in organization {organizationId}.");
        await using var insert = new NpgsqlCommand(
            "INSERT INTO closed_jobs (job_id, organization_id, status, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (job_id) DO NOTHING", connection, tx);
        foreach (var value in new object[] { id, organizationId, status, reason })
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        await insert.ExecuteNonQueryAsync(ct);
        return true;
    }
}
