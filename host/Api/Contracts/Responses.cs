using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Contracts;

/// <summary>Answer of the create operations (the spec's shape).</summary>
public sealed record JobCreatedResponse(JobSummaryView Job, int AssetsToClip, IReadOnlyList<string> AssetKeys)
{
    public static JobCreatedResponse From(AdmissionResult result) => new(
        new JobSummaryView(result.Job.Id, result.Job.Status, result.Job.JobType, result.Job.OrganizationId),
        result.AssetsToClip, result.AssetKeys);
}

public sealed record JobSummaryView(string Id, string Status, string JobType, string OrganizationId);

/// <summary>One output file of a completed job.</summary>
public sealed record DownloadDescriptor(string MosaicType, string Filename, long SizeBytes, string GcsPath)
{
    public static DownloadDescriptor From(ClipArtifact a) => new(a.MosaicType, a.Filename, a.SizeBytes, a.GcsPath);
}

public sealed record OutputArtifactsView(IReadOnlyList<DownloadDescriptor> Clips);

public sealed record AssetProgressView(string AssetKey, string MosaicType, string Status, double Fraction);

public sealed record JobFailureView(string Type, string Message, IReadOnlyDictionary<string, long>? Details);

/// <summary>A job as clip.job.get and clip.jobs.list report it.</summary>
public sealed record JobView(
    string Id,
    string Status,
    string JobType,
    string OrganizationId,
    string ProjectId,
    IReadOnlyList<string> AssetKeys,
    IReadOnlyList<AssetProgressView>? Assets,
    OutputArtifactsView OutputArtifacts,
    JobFailureView? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt);

public sealed record JobListResponse(IReadOnlyList<JobView> Jobs, long Total, int Limit, int Offset);

public sealed record JobDeletedResponse(string JobId, string Status, bool Cancelled, int FilesDeleted);

/// <summary>Statistics of one band of a clip output.</summary>
public sealed record BandInfoView(int Band, string DataType, double? Min, double? Max, double? Mean, double? Nodata);

/// <summary>What a map client needs to render a completed clip as tiles. Bounds are
/// [west, south, east, north] in EPSG:4326; center is [longitude, latitude, zoom] with
/// zoom = min_zoom + 2, capped at max_zoom.</summary>
public sealed record TileInfoResponse(
    string JobId,
    string MosaicType,
    IReadOnlyList<double> Bounds,
    IReadOnlyList<double> Center,
    int MinZoom,
    int MaxZoom,
    int BandCount,
    IReadOnlyList<BandInfoView> Bands,
    double? Nodata);
