using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Tests.Infrastructure;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class ApiKeyStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly TestData _data = new(database.DataSource);
    private readonly PostgresApiKeyStore _store = new(database.DataSource);

    private async Task<(string Organization, string RawKey, string KeyId)> KeyAsync(bool revoked = false)
    {
        var organization = await _data.OrganizationAsync();
        var raw = $"gpra_{Guid.NewGuid():N}";
        var id = TestData.NewId("key");
        await _data.ExecuteAsync(
            "INSERT INTO api_keys (id, organization_id, key_hash, display_prefix, scopes, revoked_at) VALUES ($1, $2, $3, $4, '{clip:read,processing:process}', CASE WHEN $5 THEN now() END)",
            id, organization, ApiKeyHash.Compute(raw), ApiKeyHash.DisplayPrefix(raw), revoked);
        return (organization, raw, id);
    }

    [Fact]
    public async Task A_valid_key_authenticates_as_its_organization_with_its_scopes()
    {
        var (organization, raw, id) = await KeyAsync();
        var principal = await _store.AuthenticateAsync(raw, CancellationToken.None);
        Assert.NotNull(principal);
        Assert.Equal((id, organization), (principal.KeyId, principal.OrganizationId));
        Assert.True(principal.Scopes.SetEquals(["clip:read", "processing:process"]));
    }

    [Fact]
    public async Task Revoked_unknown_and_empty_keys_do_not()
    {
        var (_, revoked, _) = await KeyAsync(revoked: true);
        var (_, valid, _) = await KeyAsync();
        Assert.Null(await _store.AuthenticateAsync(revoked, CancellationToken.None));
        Assert.Null(await _store.AuthenticateAsync(valid + "x", CancellationToken.None));
        Assert.Null(await _store.AuthenticateAsync("", CancellationToken.None));
    }

    [Fact]
    public void Only_the_hash_and_a_short_prefix_are_kept()
    {
        const string raw = "gpra_0123456789abcdef0123456789abcdef";
        Assert.Equal(64, ApiKeyHash.Compute(raw).Length);
        Assert.Equal("gpra_0123456", ApiKeyHash.DisplayPrefix(raw));
    }
}
