using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Stores;

/// <summary>Authenticates raw API keys against their stored SHA-256 hashes; revoked keys never match.</summary>
public sealed class PostgresApiKeyStore(NpgsqlDataSource dataSource) : IApiKeyStore
{
    public async Task<ApiPrincipal?> AuthenticateAsync(string rawKey, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(rawKey))
            return null;
        await using var command = dataSource.CreateCommand(
            "SELECT id, organization_id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = ApiKeyHash.Compute(rawKey) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        var scopes = reader.GetFieldValue<string[]>(2);
        return new ApiPrincipal(reader.GetString(0), reader.GetString(1), new HashSet<string>(scopes, StringComparer.Ordinal));
    }
}
