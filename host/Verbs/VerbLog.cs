namespace Geopera.Clip.Host.Verbs;

/// <summary>The verbs' own log messages (event ids 1301-1399). A database failure carries its exception
/// (and so its stack trace) only under --verbose: a newcomer reads one line saying what to do.</summary>
internal static partial class VerbLog
{
    [LoggerMessage(EventId = 1301, EventName = "SeedRefused", Level = LogLevel.Error, Message = "Seed not applied (nothing was written): {Reason}")]
    public static partial void SeedRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1302, EventName = "SeedDatabaseFailed", Level = LogLevel.Error,
        Message = "Seed not applied: {Reason}. Check the connection string (--connection, CLIP_CONNECTION_STRING or ConnectionStrings:Clip)")]
    public static partial void SeedDatabaseFailed(this ILogger logger, Exception? exception, string reason);

    [LoggerMessage(EventId = 1303, EventName = "MigrationRefused", Level = LogLevel.Error, Message = "Migration not applied: {Reason}")]
    public static partial void MigrationRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1304, EventName = "MigrationDatabaseFailed", Level = LogLevel.Error,
        Message = "Migration failed: {Reason}. Check the connection string (--connection, CLIP_CONNECTION_STRING or ConnectionStrings:Clip); add --create-database if the database does not exist yet")]
    public static partial void MigrationDatabaseFailed(this ILogger logger, Exception? exception, string reason);
}
