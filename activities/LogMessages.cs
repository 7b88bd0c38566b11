using Microsoft.Extensions.Logging;

namespace Geopera.Clip.Activities;

/// <summary>
/// Every log message of the activities assembly, source-generated, each with a stable event id an
/// operator can alert on: 2000s data platform (21xx jobs and credits, 22xx schema and seed), 23xx
/// raster, 24xx storage. Job-scoped fields (job, organization, workflow, attempt) come from the
/// scope the activity interceptor opens, so messages name only what is their own.
/// </summary>
internal static partial class LogMessages
{
    // Data platform: assets.
    [LoggerMessage(EventId = 2001, EventName = "AssetFootprintInvalid", Level = LogLevel.Warning,
        Message = "The footprint of {Source} is not a valid polygon; charging by the AOI alone")]
    public static partial void AssetFootprintInvalid(this ILogger logger, string source);

    [LoggerMessage(EventId = 2002, EventName = "AssetsResolved", Level = LogLevel.Information,
        Message = "Resolved {AssetCount} raster asset(s) of {Source} for organization {OrganizationId}: {AssetKeys}, {ComputeUnits} units")]
    public static partial void AssetsResolved(this ILogger logger, int assetCount, string source, string organizationId, IEnumerable<string> assetKeys, long computeUnits);

    /// <summary><paramref name="href"/> without its query string: query strings can carry signatures.</summary>
    [LoggerMessage(EventId = 2003, EventName = "AssetHrefRefused", Level = LogLevel.Warning,
        Message = "Skipping asset {AssetKey} of {Source}: href {Href} refused because {Reason}")]
    public static partial void AssetHrefRefused(this ILogger logger, string assetKey, string source, string href, string? reason);

    [LoggerMessage(EventId = 2004, EventName = "AssetsSkipped", Level = LogLevel.Information,
        Message = "Skipped non-clippable assets of {Source}: {Skipped}")]
    public static partial void AssetsSkipped(this ILogger logger, string source, IEnumerable<string> skipped);

    [LoggerMessage(EventId = 2005, EventName = "ActivityRefused", Level = LogLevel.Warning,
        Message = "{Activity} refused for organization {OrganizationId}: {ErrorType}: {Reason}")]
    public static partial void ActivityRefused(this ILogger logger, string activity, string? organizationId, string errorType, string reason);

    // Data platform: jobs and credits.
    [LoggerMessage(EventId = 2101, EventName = "CreditsSettled", Level = LogLevel.Information,
        Message = "Settled credits of job {JobId} for {OrganizationId}: reserved {Reserved}, committed {Committed}, released {Released}")]
    public static partial void CreditsSettled(this ILogger logger, Guid jobId, string organizationId, long reserved, long committed, long released);

    [LoggerMessage(EventId = 2102, EventName = "JobAlreadyCompleted", Level = LogLevel.Information,
        Message = "Job {JobId} is already completed; registration repeated without change")]
    public static partial void JobAlreadyCompleted(this ILogger logger, string jobId);

    [LoggerMessage(EventId = 2103, EventName = "JobCompleted", Level = LogLevel.Information,
        Message = "Job {JobId} completed with {ArtifactCount} artifact(s); {Units} units committed")]
    public static partial void JobCompleted(this ILogger logger, string jobId, int artifactCount, long units);

    [LoggerMessage(EventId = 2104, EventName = "JobClosedUnreserved", Level = LogLevel.Information,
        Message = "Job {JobId} had no reservation when closed as {Status}; later reservations for it are refused")]
    public static partial void JobClosedUnreserved(this ILogger logger, string jobId, string status);

    [LoggerMessage(EventId = 2105, EventName = "JobCloseIgnored", Level = LogLevel.Information,
        Message = "Job {JobId} already ended as {Status}; close as {Requested} ignored")]
    public static partial void JobCloseIgnored(this ILogger logger, string jobId, string status, string requested);

    [LoggerMessage(EventId = 2106, EventName = "JobClosed", Level = LogLevel.Information,
        Message = "Job {JobId} closed as {Status}: {Reason}")]
    public static partial void JobClosed(this ILogger logger, string jobId, string status, string reason);

    // Data platform: schema and seed.
    [LoggerMessage(EventId = 2201, EventName = "MigrationApplying", Level = LogLevel.Information, Message = "Applying migration {Migration}")]
    public static partial void MigrationApplying(this ILogger logger, string migration);

    [LoggerMessage(EventId = 2202, EventName = "SchemaCurrent", Level = LogLevel.Information,
        Message = "Schema is at version {Version}; applied {Count} migration(s) now")]
    public static partial void SchemaCurrent(this ILogger logger, int version, int count);

    [LoggerMessage(EventId = 2203, EventName = "RepeatableMigrationApplying", Level = LogLevel.Information,
        Message = "Applying repeatable migration {Migration}")]
    public static partial void RepeatableMigrationApplying(this ILogger logger, string migration);

    [LoggerMessage(EventId = 2204, EventName = "SeedApplied", Level = LogLevel.Information, Message = "Seed applied: {Changes} row(s) inserted or changed")]
    public static partial void SeedApplied(this ILogger logger, int changes);

    // Raster.
    [LoggerMessage(EventId = 2301, EventName = "GdalInitialised", Level = LogLevel.Information,
        Message = "GDAL {Version} initialised with {Options}; freed native memory kept for reuse: {NativeHeapKeepMb} MiB")]
    public static partial void GdalInitialised(this ILogger logger, string version, IEnumerable<string> options, int nativeHeapKeepMb);

    [LoggerMessage(EventId = 2302, EventName = "GdalOptionsIgnored", Level = LogLevel.Warning,
        Message = "GDAL was already configured in this process; these options were not applied: {IgnoredOptions}. Run one configuration per process.")]
    public static partial void GdalOptionsIgnored(this ILogger logger, IEnumerable<string> ignoredOptions);

    // The level follows GDAL's error class (debug, warning, failure).
    [LoggerMessage(EventId = 2390, EventName = "GdalReported", Message = "GDAL {ErrorClass} {ErrorNumber}: {GdalMessage}")]
    public static partial void GdalReported(this ILogger logger, LogLevel level, Geopera.Clip.Activities.Raster.Native.GdalErrorClass errorClass, int errorNumber, string gdalMessage);

    [LoggerMessage(EventId = 2303, EventName = "GdalWarning", Level = LogLevel.Warning, Message = "GDAL said while clipping {Source}: {GdalMessage}")]
    public static partial void GdalWarning(this ILogger logger, string source, string gdalMessage);

    [LoggerMessage(EventId = 2304, EventName = "Clipped", Level = LogLevel.Information,
        Message = "Clipped {Source} to {Width}×{Height} ({Bytes} bytes) in {ElapsedMs} ms")]
    public static partial void Clipped(this ILogger logger, string source, int width, int height, long bytes, long elapsedMs);

    [LoggerMessage(EventId = 2305, EventName = "Warped", Level = LogLevel.Information,
        Message = "Warped {Asset} of job {JobId} to {Bucket}/{Key} ({Bytes} bytes) in {ElapsedMs} ms")]
    public static partial void Warped(this ILogger logger, string asset, string jobId, string bucket, string key, long bytes, long elapsedMs);

    [LoggerMessage(EventId = 2306, EventName = "PartialOutputKept", Level = LogLevel.Warning,
        Message = "Could not remove partial output {Bucket}/{Key}; the job's delete-outputs compensation removes it")]
    public static partial void PartialOutputKept(this ILogger logger, Exception exception, string bucket, string key);

    [LoggerMessage(EventId = 2307, EventName = "ScratchFolderKept", Level = LogLevel.Warning,
        Message = "Could not remove the warp scratch folder {Folder}; the next attempt will")]
    public static partial void ScratchFolderKept(this ILogger logger, string folder);

    [LoggerMessage(EventId = 2308, EventName = "AssetRefusedAtAdmission", Level = LogLevel.Information,
        Message = "Admission refused asset {AssetKey} from its header ({ErrorType}): {Reason}")]
    public static partial void AssetRefusedAtAdmission(this ILogger logger, string assetKey, string errorType, string reason);

    [LoggerMessage(EventId = 2309, EventName = "AssetHeaderUnread", Level = LogLevel.Warning,
        Message = "Admission could not read the header of asset {AssetKey} ({Reason}); admitting it, the warp checks it again and retries")]
    public static partial void AssetHeaderUnread(this ILogger logger, string assetKey, string reason);

    // Storage.
    [LoggerMessage(EventId = 2401, EventName = "ObjectUploaded", Level = LogLevel.Information,
        Message = "Uploaded {Bucket}/{Key}: {SizeBytes} bytes, generation {Generation}")]
    public static partial void ObjectUploaded(this ILogger logger, string bucket, string key, ulong? sizeBytes, long? generation);

    [LoggerMessage(EventId = 2402, EventName = "UploadCorrupted", Level = LogLevel.Error,
        Message = "Upload of {Bucket}/{Key} arrived corrupted: sent {SentBytes} bytes md5 {Md5} crc32c {Crc32c}, stored {StoredBytes} md5 {StoredMd5} crc32c {StoredCrc32c}; deleting it")]
    public static partial void UploadCorrupted(this ILogger logger, string bucket, string key, long sentBytes, string md5, string crc32c, ulong? storedBytes, string? storedMd5, string? storedCrc32c);

    [LoggerMessage(EventId = 2403, EventName = "OutputsDeleted", Level = LogLevel.Information,
        Message = "Deleted {DeletedCount} output objects of job {JobId} under {Bucket}/{Prefix}")]
    public static partial void OutputsDeleted(this ILogger logger, int deletedCount, string jobId, string bucket, string prefix);
}
