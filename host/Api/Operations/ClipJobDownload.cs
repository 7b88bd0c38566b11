using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Host.Api.Egress;
using Geopera.Clip.Host.Api.Problems;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.job.download</c>: streams one output file (egress-enforced).</summary>
public sealed class ClipJobDownload(JobLookup lookup, EgressLimiter limiter, GuardedStorage storage) : IClipOperation
{
    public const string TiffContentType = "image/tiff";

    public static readonly OperationDescriptor Descriptor = new(
        "clip.job.download", "clip:read", SideEffect.Read,
        "Stream one clip file (egress-enforced)",
        "Streams the COG as `image/tiff` with an attachment filename. Honours a single `Range: bytes=…`; malformed or "
        + "multi-range headers are ignored (the whole file). Limited by token buckets per file and per organization and "
        + "guarded by a circuit breaker around storage reads.",
        typeof(JobDownloadRequest), typeof(byte[]),
        [
            new(200, "The whole file, raw TIFF bytes (not base64)."),
            new(206, "The requested byte range, with `Content-Range`."),
            new(400, JobLookup.NotCompletedMeaning),
            new(404, "No such job in your organization (`job-not-found`), or no output of that mosaic type or its file is gone (`not-found`)."),
            new(416, "The range starts past the end of the file (`range-not-satisfiable`, with `Content-Range: bytes */size`)."),
            new(429, "Too many downloads of this file or by your organization (`egress-throttled`), or downloads are paused while storage fails (`downloads-paused`)."),
            new(503, "Reading the file from storage failed (`storage-unavailable`)."),
        ],
        TiffContentType);

    public async Task<IResult> HandleAsync(OpCall call)
    {
        string? mosaicType = null;
        var job = JobLookup.RequireCompleted(await lookup.RequireAsync(call, ["mosaic_type"],
            fields => mosaicType = fields.String("mosaic_type", required: true, ClipRequestRules.MaxKeyLength)));
        var artifact = JobLookup.RequireArtifact(job, mosaicType);

        if (!limiter.TryAcquire(new EgressKey(job.OrganizationId, job.Id, artifact.MosaicType), out var wait))
            throw new ApiProblemException(ProblemCatalog.EgressThrottled(
                $"Too many downloads of '{artifact.Filename}' or by your organization; retry after the Retry-After delay.",
                (int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))));

        var opened = await OpenAsync(call, job.OutputBucket, artifact.GcsPath);
        if (opened.Decision.Kind == RangeKind.Unsatisfiable)
            return new ApiProblemResult(ProblemCatalog.RangeNotSatisfiable(opened.Size));
        return new ObjectDownloadResult(opened, artifact.Filename, TiffContentType, storage, job.OutputBucket, artifact.GcsPath);
    }

    private async Task<OpenedObject> OpenAsync(OpCall call, string bucket, string key)
    {
        try
        {
            return await storage.OpenAsync(bucket, key, call.Http.Request.Headers.Range, call.Aborted);
        }
        catch (Activities.Storage.ObjectNotFoundException)
        {
            throw new ApiProblemException(ProblemCatalog.NotFound("The output file of this job is no longer in storage; the job may have been deleted."));
        }
    }
}
