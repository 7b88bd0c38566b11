using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Geopera.Clip.Host.Hosting;

/// <summary>/readyz: the database answers a trivial query within the request's time.</summary>
public sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable: " + e.Message);
        }
    }
}
