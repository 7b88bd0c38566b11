using Npgsql;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Rows for data-platform tests, written with plain SQL (independent of the code under
/// test). Every id is fresh, so tests sharing a class database never see each other's rows.</summary>
internal sealed class TestData(NpgsqlDataSource db)
{
    /// <summary>0.1° × 0.1° around Sydney harbour.</summary>
    public const string Footprint = """{"type":"Polygon","coordinates":[[[151.15,-33.90],[151.25,-33.90],[151.25,-33.80],[151.15,-33.80],[151.15,-33.90]]]}""";

    /// <summary>0.02° × 0.02° inside <see cref="Footprint"/>.</summary>
    public const string Aoi = """{"type":"Polygon","coordinates":[[[151.20,-33.86],[151.22,-33.86],[151.22,-33.84],[151.20,-33.84],[151.20,-33.86]]]}""";

    public const string CogType = "image/tiff; application=geotiff; profile=cloud-optimized";

    public static string NewId(string kind) => $"{kind}-{Guid.NewGuid():N}";

    public async Task<string> OrganizationAsync(long? creditLimit = 1_000_000)
    {
        var id = NewId("org");
        await ExecuteAsync("INSERT INTO organizations (id, name) VALUES ($1, $1)", id);
        if (creditLimit is { } limit)
            await ExecuteAsync("INSERT INTO credit_accounts (organization_id, limit_units) VALUES ($1, $2)", id, limit);
        return id;
    }

    public async Task<string> ProjectAsync(string organizationId, string? bucket = "clip-outputs")
    {
        var id = NewId("project");
        await ExecuteAsync("INSERT INTO projects (id, organization_id, name, storage_bucket) VALUES ($1, $2, $1, $3)", id, organizationId, (object?)bucket ?? DBNull.Value);
        return id;
    }

    public async Task<string> CollectionAsync(string organizationId, string projectId)
    {
        var id = NewId("collection");
        await ExecuteAsync("INSERT INTO collections (id, organization_id, project_id, title) VALUES ($1, $2, $3, $1)", id, organizationId, projectId);
        return id;
    }

    public async Task<string> ItemAsync(string projectId, string? footprint = Footprint)
    {
        var id = NewId("item");
        await ExecuteAsync("INSERT INTO items (id, project_id, footprint) VALUES ($1, $2, $3::jsonb)", id, projectId, (object?)footprint ?? DBNull.Value);
        return id;
    }

    public Task AssetAsync(string itemId, string key, string href, string? mediaType = CogType, string? mosaicType = null) =>
        ExecuteAsync("INSERT INTO assets (item_id, key, href, media_type, mosaic_type, band_names) VALUES ($1, $2, $3, $4, $5, '{red,green,blue}')",
            itemId, key, href, (object?)mediaType ?? DBNull.Value, (object?)mosaicType ?? DBNull.Value);

    /// <summary>An item of <paramref name="projectId"/> with one COG asset "visual".</summary>
    public async Task<string> RasterItemAsync(string projectId)
    {
        var item = await ItemAsync(projectId);
        await AssetAsync(item, "visual", $"gs://source-bucket/{item}/visual.tif");
        return item;
    }

    public async Task<string> AreaAsync(string organizationId, string projectId)
    {
        var id = NewId("area");
        await ExecuteAsync("INSERT INTO delivery_areas (id, organization_id, project_id, name, bucket, prefix, footprint) VALUES ($1, $2, $3, $1, 'deliveries', $1 || '/', $4::jsonb)",
            id, organizationId, projectId, Footprint);
        return id;
    }

    public Task MosaicAsync(string areaId, string mosaicType, string href, string? mediaType = CogType) =>
        ExecuteAsync("INSERT INTO area_mosaics (area_id, mosaic_type, href, media_type) VALUES ($1, $2, $3, $4)",
            areaId, mosaicType, href, (object?)mediaType ?? DBNull.Value);

    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Row counts of every table a write could touch: compare before/after to prove a refused
    /// operation wrote nothing.</summary>
    public Task<string> WritableStateAsync() => ScalarAsync<string>("""
        SELECT concat_ws(',', (SELECT count(*) FROM jobs), (SELECT count(*) FROM credit_ledger), (SELECT count(*) FROM idempotency_keys),
            (SELECT count(*) FROM artifacts), (SELECT count(*) FROM items), (SELECT count(*) FROM assets),
            (SELECT coalesce(sum(reserved_units), 0) FROM credit_accounts), (SELECT coalesce(sum(committed_units), 0) FROM credit_accounts),
            (SELECT string_agg(id::text || status || coalesce(failure::text, ''), ',' ORDER BY id) FROM jobs))
        """);

    private NpgsqlCommand Command(string sql, object[] values)
    {
        var command = db.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value is DBNull ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        return command;
    }
}
