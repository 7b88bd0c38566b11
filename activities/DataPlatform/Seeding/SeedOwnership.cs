using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Seeding;

/// <summary>After the upserts (which never move a row to another organization), confirms that every
/// entity of the file belongs where the file says; otherwise the whole seed is rolled back.</summary>
internal static class SeedOwnership
{
    public static async Task VerifyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SeedDocument document, CancellationToken ct)
    {
        var keys = document.Organizations.SelectMany(o => (o.ApiKeys ?? []).Select(k => (k.Id, o.Id)));
        var projects = document.Organizations.SelectMany(o => (o.Projects ?? []).Select(p => (p.Id, Owner: o.Id))).ToList();
        var inProjects = document.Organizations.SelectMany(o => o.Projects ?? []);
        var collections = inProjects.SelectMany(p => (p.Collections ?? []).Select(c => (c.Id, p.Id)));
        var areas = inProjects.SelectMany(p => (p.DeliveryAreas ?? []).Select(a => (a.Id, p.Id)));
        var items = inProjects.SelectMany(p => (p.Items ?? []).Select(i => (i.Id, p.Id)));
        await CheckAsync(connection, tx, "API key", "SELECT d.id, t.organization_id FROM {0} JOIN api_keys t ON t.id = d.id WHERE t.organization_id <> d.owner", keys, ct);
        await CheckAsync(connection, tx, "project", "SELECT d.id, t.organization_id FROM {0} JOIN projects t ON t.id = d.id WHERE t.organization_id <> d.owner", projects, ct);
        await CheckAsync(connection, tx, "collection", "SELECT d.id, t.project_id FROM {0} JOIN collections t ON t.id = d.id WHERE t.project_id <> d.owner", collections, ct);
        await CheckAsync(connection, tx, "item", "SELECT d.id, t.project_id FROM {0} JOIN items t ON t.id = d.id WHERE t.project_id <> d.owner", items, ct);
        await CheckAsync(connection, tx, "delivery area", "SELECT d.id, t.project_id FROM {0} JOIN delivery_areas t ON t.id = d.id WHERE t.project_id <> d.owner", areas, ct);
    }

    private static async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string kind, string sql,
        IEnumerable<(string Id, string Owner)> expected, CancellationToken ct)
    {
        var pairs = expected.ToList();
        if (pairs.Count == 0)
            return;
        await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, "unnest($1::text[], $2::text[]) AS d(id, owner)"), connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Owner).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (await reader.ReadAsync(ct))
            throw new SeedException($"The {kind} '{reader.GetString(0)}' already belongs to '{reader.GetString(1)}' in the database; the seed would move it. Use another id.");
    }
}
