using Geopera.Clip.Activities.DataPlatform;
using Npgsql;

namespace Geopera.Clip.Tests.Api;

/// <summary>One organization as the API tests see it: keys per scope set, a project with a bucket,
/// an item with a real COG asset, a delivery area with one mosaic.</summary>
public sealed record Tenant(
    string OrganizationId,
    string FullKey,
    string ReadKey,
    string NoScopeKey,
    string ProjectId,
    string ItemId,
    string AreaId);

/// <summary>Writes rows for API tests with plain SQL (independent of the code under test). Ids of
/// projects, items, areas and collections are UUIDs, as the API requires.</summary>
public sealed class ApiSeed(NpgsqlDataSource db)
{
    public const string Bucket = "clip-outputs";
    public static readonly string[] AllScopes = ["processing:process", "clip:write", "clip:read", "clip:destroy"];

    public async Task<Tenant> TenantAsync(string sourceCog, long creditLimit = 10_000_000)
    {
        var org = "org-" + Guid.NewGuid().ToString("N");
        await ExecAsync("INSERT INTO organizations (id, name) VALUES ($1, $1)", org);
        await ExecAsync("INSERT INTO credit_accounts (organization_id, limit_units) VALUES ($1, $2)", org, creditLimit);
        var project = await ProjectAsync(org, Bucket);
        var item = await ItemAsync(project, ("visual", sourceCog));
        var area = Guid.NewGuid().ToString();
        await ExecAsync("INSERT INTO delivery_areas (id, organization_id, project_id, name, bucket, prefix) VALUES ($1, $2, $3, 'area', 'deliveries', $1 || '/')", area, org, project);
        await ExecAsync("INSERT INTO area_mosaics (area_id, mosaic_type, href, media_type) VALUES ($1, 'rgb', $2, 'image/tiff; application=geotiff; profile=cloud-optimized')", area, sourceCog);
        return new Tenant(org, await KeyAsync(org, AllScopes), await KeyAsync(org, ["clip:read"]), await KeyAsync(org, []), project, item, area);
    }

    public async Task<string> ProjectAsync(string org, string? bucket)
    {
        var id = Guid.NewGuid().ToString();
        await ExecAsync("INSERT INTO projects (id, organization_id, name, storage_bucket) VALUES ($1, $2, 'p', $3)", id, org, (object?)bucket ?? DBNull.Value);
        return id;
    }

    public async Task<string> ItemAsync(string projectId, params (string Key, string Href)[] assets)
    {
        var id = Guid.NewGuid().ToString();
        await ExecAsync("INSERT INTO items (id, project_id, properties) VALUES ($1, $2, '{}')", id, projectId);
        foreach (var (key, href) in assets)
            await ExecAsync("INSERT INTO assets (item_id, key, href, media_type, roles, band_names) VALUES ($1, $2, $3, 'image/tiff; application=geotiff; profile=cloud-optimized', '{data}', '{red,green,blue}')", id, key, href);
        return id;
    }

    /// <summary>A new raw API key with these scopes; only its hash is stored.</summary>
    public async Task<string> KeyAsync(string org, string[] scopes, bool revoked = false)
    {
        var raw = "gpra_" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await ExecAsync("INSERT INTO api_keys (id, organization_id, key_hash, display_prefix, scopes, revoked_at) VALUES ($1, $2, $3, $4, $5, " + (revoked ? "now()" : "NULL") + ")",
            "key-" + Guid.NewGuid().ToString("N"), org, ApiKeyHash.Compute(raw), ApiKeyHash.DisplayPrefix(raw), scopes);
        return raw;
    }

    /// <summary>Counts of every table a request could write to, and the credit totals: compare
    /// before/after to prove a refused request changed nothing. Idempotency keys count when they
    /// admitted a job: a refused request's key keeps only its answer (so the same request answers
    /// the same refusal after Temporal's retention).</summary>
    public async Task<string> WritableStateAsync()
    {
        await using var command = db.CreateCommand("""
            SELECT concat_ws(',', (SELECT count(*) FROM jobs), (SELECT count(*) FROM jobs WHERE deleted_at IS NOT NULL),
                (SELECT count(*) FROM credit_ledger), (SELECT count(*) FROM idempotency_keys WHERE response_status = 200), (SELECT count(*) FROM artifacts),
                (SELECT coalesce(sum(reserved_units), 0) FROM credit_accounts), (SELECT coalesce(sum(committed_units), 0) FROM credit_accounts))
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task ExecAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        await command.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand Command(string sql, object[] values)
    {
        var command = db.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value is DBNull ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        return command;
    }
}
