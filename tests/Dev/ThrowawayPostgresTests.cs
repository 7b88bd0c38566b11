using Geopera.Clip.Host.Dev;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.Dev;

public sealed class ThrowawayPostgresTests
{
    [Fact]
    public async Task Starts_on_loopback_with_the_application_database_and_stops_cleanly()
    {
        int port;
        await using (var server = await ThrowawayPostgres.StartAsync(TestContext.Current.CancellationToken))
        {
            port = server.Port;
            await using var connection = new NpgsqlConnection(server.ConnectionString("geopera_clip"));
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("select current_database(), inet_server_addr()::text", connection);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            Assert.Equal("geopera_clip", reader.GetString(0));
            Assert.StartsWith("127.0.0.1", reader.GetString(1));
        }
        await using var gone = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => gone.OpenAsync(TestContext.Current.CancellationToken));
    }
}
