using Geopera.Clip.Workflows.Contracts;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>The rows a resolution reads, fetched in one round trip: the output project, the source
/// (item or delivery area) with its owner, and its assets (an area's mosaics are its assets, keyed
/// and typed by mosaic type).</summary>
internal sealed record SourceRows(SourceRows.Owner? OutputProject, SourceRows.Origin? Source, IReadOnlyList<SourceAsset> Assets)
{
    public sealed record Owner(string OrganizationId, string? StorageBucket);

    public sealed record Origin(string ProjectId, string OrganizationId, string? FootprintGeoJson);

    private const string ItemSql = """
        SELECT i.project_id, p.organization_id, i.footprint::text FROM items i JOIN projects p ON p.id = i.project_id WHERE i.id = $1
        """;
    private const string ItemAssetsSql = """
        SELECT key, href, media_type, mosaic_type, band_names FROM assets WHERE item_id = $1 ORDER BY key COLLATE "C"
        """;
    private const string AreaSql = """
        SELECT a.project_id, p.organization_id, a.footprint::text FROM delivery_areas a JOIN projects p ON p.id = a.project_id WHERE a.id = $1
        """;
    private const string AreaMosaicsSql = """
        SELECT mosaic_type, href, media_type, mosaic_type, band_names FROM area_mosaics WHERE area_id = $1 ORDER BY mosaic_type COLLATE "C"
        """;

    public static async Task<SourceRows> LoadAsync(NpgsqlDataSource dataSource, ResolveRequest request, CancellationToken ct)
    {
        var input = request.Input;
        var isItem = input.Source.ItemId is not null;
        var sourceId = (input.Source.ItemId ?? input.Source.AreaId)!;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT organization_id, storage_bucket FROM projects WHERE id = $1", input.ProjectId));
        batch.BatchCommands.Add(Command(isItem ? ItemSql : AreaSql, sourceId));
        batch.BatchCommands.Add(Command(isItem ? ItemAssetsSql : AreaMosaicsSql, sourceId));
        await using var reader = await batch.ExecuteReaderAsync(ct);

        Owner? project = await reader.ReadAsync(ct) ? new Owner(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
        await reader.NextResultAsync(ct);
        Origin? source = await reader.ReadAsync(ct)
            ? new Origin(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
        await reader.NextResultAsync(ct);
        var assets = new List<SourceAsset>();
        while (await reader.ReadAsync(ct))
            assets.Add(new SourceAsset(
                reader.GetString(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<string[]>(4)));
        return new SourceRows(project, source, assets);
    }

    private static NpgsqlBatchCommand Command(string sql, string id) => new(sql) { Parameters = { new() { Value = id } } };
}
