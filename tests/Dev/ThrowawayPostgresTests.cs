using System.Net;
using System.Net.Sockets;
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

    [Fact]
    public async Task A_port_another_process_took_is_skipped_for_the_next_one()
    {
        // Held by "another process" for the whole start, as happens when a free port is taken before the server binds it.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        int next;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            next = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var server = await ThrowawayPostgres.StartAsync(TestContext.Current.CancellationToken, ports: [takenPort, next]);

        Assert.Equal(next, server.Port);
        await using var connection = new NpgsqlConnection(server.ConnectionString("geopera_clip"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Only_taken_ports_fail_the_start_naming_them()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ThrowawayPostgres.StartAsync(TestContext.Current.CancellationToken, ports: [takenPort, takenPort]));

        Assert.Contains($"could not bind any of the loopback ports {takenPort}, {takenPort}", error.Message, StringComparison.Ordinal);
    }
}
