using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Host.Api.Egress;
using Geopera.Clip.Host.Api.Problems;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.job.download</c>: streams one output file (egress-enforced).</summary>
public sealed class ClipJobDownload(JobLookup lookup, EgressLimiter limiter, GuardedStorage storage) : IClipOperation
{
    public const string TiffContentType = "image/tiff";

    public static readonly OperationDescriptor Descriptor = new(
        "clip.job.download", "clip:read", "read",
        "Stream one clip file (egress-enforced)",
        "Streams the COG as `image/tiff` with an attachment filename. Honours a single `Range: bytes=…` "
        + "(206 with Content-Range; 416 when outside the file). Limited by token buckets per file and per organization "
        + "and guarded by a circuit breaker around storage reads: 429 with Retry-After when throttled or paused. "
        + "400 before the job completed; 404 for an unknown job or mosaic type.",
        typeof(JobDownloadRequest), typeof(byte[]), [404, 416, 429, 503], TiffContentType);

    public async Task<IResult> HandleAsync(OpCall call)
    {
        string? mosaicType = null;
        var job = JobLookup.RequireCompleted(await lookup.RequireAsync(call, ["mosaic_type"],
            fields => mosaicType = fields.String("mosaic_type", required: true, 64)));
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
