using Geopera.Clip.Activities.DataPlatform.Schema;
using Npgsql;

namespace Geopera.Clip.Host.Hosting;

/// <summary>Applies pending schema migrations when the host starts. The migrator holds an
/// advisory lock, so several instances starting together apply each migration once.</summary>
public sealed partial class MigrateOnStart(NpgsqlDataSource dataSource, ILogger<MigrateOnStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await DatabaseMigrator.MigrateAsync(dataSource, log, cancellationToken);
        LogApplied(log, applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1051, EventName = "Applied", Level = LogLevel.Information, Message = "Database schema current ({Applied} migrations applied at start)")]
    private static partial void LogApplied(ILogger logger, int applied);
}
