using Geopera.Clip.Activities.DataPlatform.Assets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Seeding;

/// <summary>
/// Applies a <see cref="SeedDocument"/> in one transaction. Every write is an upsert that touches a
/// row only when a value differs, so re-running the same file changes nothing (and reports 0).
/// Rows the file does not mention are left alone; nothing is moved to another organization or project.
/// </summary>
public sealed class SeedImporter(NpgsqlDataSource dataSource, ILogger<SeedImporter> logger)
{
    /// <summary>Returns the number of rows inserted or changed.</summary>
    public async Task<int> ApplyAsync(SeedDocument document, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var writer = new SeedWriter(connection, tx, ct);
        try
        {
            foreach (var org in document.Organizations)
                await ApplyOrganizationAsync(writer, org);
            await SeedOwnership.VerifyAsync(connection, tx, document, ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new SeedException($"The seed conflicts with the database ({e.ConstraintName}): {e.MessageText}. {e.Detail}");
        }
        await tx.CommitAsync(ct);
        logger.SeedApplied(writer.Changes);
        return writer.Changes;
    }

    private static async Task ApplyOrganizationAsync(SeedWriter writer, SeedOrganization org)
    {
        await writer.UpsertAsync("""
            INSERT INTO organizations AS t (id, name) VALUES ($1, $2)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE t.name IS DISTINCT FROM EXCLUDED.name
            """, org.Id, org.Name);
        if (org.CreditLimit is { } limit)
            await writer.UpsertAsync("""
                INSERT INTO credit_accounts AS t (organization_id, limit_units) VALUES ($1, $2)
                ON CONFLICT (organization_id) DO UPDATE SET limit_units = EXCLUDED.limit_units, updated_at = now()
                WHERE t.limit_units <> EXCLUDED.limit_units
                """, org.Id, limit);
        foreach (var key in org.ApiKeys ?? [])
            await writer.UpsertAsync("""
                INSERT INTO api_keys AS t (id, organization_id, key_hash, display_prefix, scopes, revoked_at)
                VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END)
                ON CONFLICT (id) DO UPDATE SET key_hash = EXCLUDED.key_hash, display_prefix = EXCLUDED.display_prefix, scopes = EXCLUDED.scopes,
                    revoked_at = CASE WHEN $6 THEN coalesce(t.revoked_at, now()) END
                WHERE t.organization_id = EXCLUDED.organization_id
                  AND (t.key_hash, t.display_prefix, t.scopes, t.revoked_at IS NOT NULL) IS DISTINCT FROM (EXCLUDED.key_hash, EXCLUDED.display_prefix, EXCLUDED.scopes, $6)
                """, key.Id, org.Id, ApiKeyHash.Compute(key.Key), ApiKeyHash.DisplayPrefix(key.Key), key.Scopes.Distinct().Order(StringComparer.Ordinal).ToArray(), key.Revoked);
        foreach (var project in org.Projects ?? [])
            await ApplyProjectAsync(writer, org.Id, project);
    }

    private static async Task ApplyProjectAsync(SeedWriter writer, string organizationId, SeedProject project)
    {
        await writer.UpsertAsync("""
            INSERT INTO projects AS t (id, organization_id, name, storage_bucket) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, storage_bucket = EXCLUDED.storage_bucket
            WHERE t.organization_id = EXCLUDED.organization_id AND (t.name, t.storage_bucket) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.storage_bucket)
            """, project.Id, organizationId, project.Name, Nullable(project.StorageBucket));
        foreach (var collection in project.Collections ?? [])
            await writer.UpsertAsync("""
                INSERT INTO collections AS t (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title
                WHERE t.project_id = EXCLUDED.project_id AND t.title IS DISTINCT FROM EXCLUDED.title
                """, collection.Id, organizationId, project.Id, collection.Title);
        foreach (var item in project.Items ?? [])
        {
            var footprint = item.Footprint?.GetRawText();
            var bbox = footprint is null ? null : GeoJsonGeometry.ParsePolygonal(footprint, "footprint").EnvelopeInternal;
            await writer.UpsertAsync("""
                INSERT INTO items AS t (id, project_id, collection_id, footprint, bbox_west, bbox_south, bbox_east, bbox_north, properties)
                VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, coalesce($9::jsonb, '{}'))
                ON CONFLICT (id) DO UPDATE SET collection_id = EXCLUDED.collection_id, footprint = EXCLUDED.footprint,
                    bbox_west = EXCLUDED.bbox_west, bbox_south = EXCLUDED.bbox_south, bbox_east = EXCLUDED.bbox_east, bbox_north = EXCLUDED.bbox_north,
                    properties = EXCLUDED.properties
                WHERE t.project_id = EXCLUDED.project_id
                  AND (t.project_id, t.collection_id, t.footprint, t.bbox_west, t.bbox_south, t.bbox_east, t.bbox_north, t.properties)
                      IS DISTINCT FROM (EXCLUDED.project_id, EXCLUDED.collection_id, EXCLUDED.footprint, EXCLUDED.bbox_west, EXCLUDED.bbox_south,
                                        EXCLUDED.bbox_east, EXCLUDED.bbox_north, EXCLUDED.properties)
                """, item.Id, project.Id, Nullable(item.CollectionId), Nullable(footprint), Nullable(bbox?.MinX), Nullable(bbox?.MinY),
                Nullable(bbox?.MaxX), Nullable(bbox?.MaxY), Nullable(item.Properties?.GetRawText()));
            foreach (var (key, asset) in item.Assets ?? new Dictionary<string, SeedAsset>())
                await writer.UpsertAsync("""
                    INSERT INTO assets AS t (item_id, key, href, media_type, roles, mosaic_type, band_names) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (item_id, key) DO UPDATE SET href = EXCLUDED.href, media_type = EXCLUDED.media_type, roles = EXCLUDED.roles,
                        mosaic_type = EXCLUDED.mosaic_type, band_names = EXCLUDED.band_names
                    WHERE (t.href, t.media_type, t.roles, t.mosaic_type, t.band_names)
                          IS DISTINCT FROM (EXCLUDED.href, EXCLUDED.media_type, EXCLUDED.roles, EXCLUDED.mosaic_type, EXCLUDED.band_names)
                    """, item.Id, key, asset.Href, Nullable(asset.Type), (asset.Roles ?? []).ToArray(), Nullable(asset.MosaicType), asset.Bands.ToArray());
        }
        foreach (var area in project.DeliveryAreas ?? [])
            await ApplyAreaAsync(writer, organizationId, project.Id, area);
    }

    private static async Task ApplyAreaAsync(SeedWriter writer, string organizationId, string projectId, SeedDeliveryArea area)
    {
        await writer.UpsertAsync("""
            INSERT INTO delivery_areas AS t (id, organization_id, project_id, name, bucket, prefix, footprint) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, bucket = EXCLUDED.bucket,
                prefix = EXCLUDED.prefix, footprint = EXCLUDED.footprint
            WHERE t.project_id = EXCLUDED.project_id
              AND (t.name, t.bucket, t.prefix, t.footprint) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.bucket, EXCLUDED.prefix, EXCLUDED.footprint)
            """, area.Id, organizationId, projectId, area.Name, area.Bucket, area.Prefix, Nullable(area.Footprint?.GetRawText()));
        foreach (var mosaic in area.Mosaics)
            await writer.UpsertAsync("""
                INSERT INTO area_mosaics AS t (area_id, mosaic_type, href, media_type, band_names) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (area_id, mosaic_type) DO UPDATE SET href = EXCLUDED.href, media_type = EXCLUDED.media_type, band_names = EXCLUDED.band_names
                WHERE (t.href, t.media_type, t.band_names) IS DISTINCT FROM (EXCLUDED.href, EXCLUDED.media_type, EXCLUDED.band_names)
                """, area.Id, mosaic.MosaicType, mosaic.Href, Nullable(mosaic.Type), (mosaic.BandNames ?? []).ToArray());
    }

    private static object Nullable(object? value) => value ?? DBNull.Value;

    private sealed class SeedWriter(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        public int Changes { get; private set; }

        public async Task UpsertAsync(string sql, params object[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            foreach (var value in values)
                command.Parameters.Add(value is DBNull
                    ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown }
                    : new NpgsqlParameter { Value = value });
            Changes += await command.ExecuteNonQueryAsync(ct);
        }
    }
}
