using System.Diagnostics;
using System.Security.Cryptography;
using Geopera.Clip.Activities.Raster.Aoi;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Activities.Telemetry;
using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// The warp-per-asset activity: clip the asset to the AOI into a per-attempt temp folder, render
/// its quicklook, upload both to <c>clips/{job_id}/</c> in the output bucket. Heartbeats
/// <see cref="WarpProgress"/> from start to return (<see cref="WarpHeartbeat"/>), so a cancellation
/// reaches a warp that waits for a slot or uploads as well as one in GDAL; on cancellation GDAL is
/// aborted through its progress callback, an upload is stopped, and the temp folder and any
/// uploaded object are removed. Object keys depend only on the input, so a retry overwrites what an
/// earlier attempt left instead of adding orphans. The AOI comes from the input when an older
/// workflow put it there, else from the job row (<see cref="IJobAoiSource"/>).
/// </summary>
public sealed class WarpActivities(
    IObjectStore store,
    IJobAoiSource aois,
    RasterClipper clipper,
    SourcePathResolver resolver,
    WarpSlots slots,
    WarpMetrics metrics,
    IOptions<RasterOptions> options,
    TimeProvider time,
    ILogger<WarpActivities> logger) : IWarpActivities
{
    [Activity(ActivityNames.Warp)]
    public async Task<ClipArtifact> WarpAsync(WarpInput input)
    {
        var started = time.GetTimestamp();
        using var running = metrics.Running();
        // One span per clip; GDAL's open and warp, the quicklook and the uploads are its children.
        using var span = ClipTelemetry.Source.StartActivity("warp " + input.MosaicType);
        span?.SetTag("clip.mosaic_type", input.MosaicType);
        try
        {
            var artifact = await RunAsync(input);
            metrics.Finished(time.GetElapsedTime(started), WarpMetrics.Completed, null, artifact.BytesWritten);
            return artifact.Artifact;
        }
        catch (Exception e)
        {
            var cancelled = e is OperationCanceledException && ActivityExecutionContext.Current.CancellationToken.IsCancellationRequested;
            span?.SetStatus(cancelled ? ActivityStatusCode.Unset : ActivityStatusCode.Error, e.GetType().Name);
            metrics.Finished(time.GetElapsedTime(started), cancelled ? WarpMetrics.Cancelled : WarpMetrics.Failed,
                e is ApplicationFailureException { ErrorType: { } type } ? type : e.GetType().Name, 0);
            throw;
        }
    }

    /// <summary>The artifact and the bytes uploaded for it (COG and quicklook).</summary>
    private sealed record Warped(ClipArtifact Artifact, long BytesWritten);

    private async Task<Warped> RunAsync(WarpInput input)
    {
        var context = ActivityExecutionContext.Current;
        var cancellation = context.CancellationToken;
        await using var heartbeat = WarpHeartbeat.Start(context, input.MosaicType, time);
        var names = Guard(() => WarpOutputNames.For(input.JobId, input.OutputName, input.MosaicType));
        var aoi = AoiValidator.Validate(await AoiAsync(input, cancellation));
        if (!aoi.IsValid)
            throw ToFailure(ClipFailure.InvalidAoi($"{aoi.Error!.Code}: {aoi.Error.Message}"));
        var source = Guard(() => resolver.Resolve(input.Asset.Href));
        var workDir = AttemptFolder.Create(options.Value.EffectiveTempDirectory, input.JobId, input.MosaicType, context.Info.Attempt);
        var uploadStarted = false;
        try
        {
            var tif = Path.Combine(workDir, names.Filename);
            var png = Path.ChangeExtension(tif, ".png");
            var started = time.GetTimestamp();
            using (await slots.AcquireAsync(cancellation))
            {
                heartbeat.Stage(WarpStages.Warping);
                // GDAL's per-thread error state needs the whole clip on one thread: a dedicated one.
                await Task.Factory.StartNew(() =>
                {
                    var clip = clipper.Clip(new ClipRequest(source, aoi.Geometry!, tif, heartbeat.Progress), cancellation);
                    metrics.SourceRead(clip.SourceBytesRead);
                    heartbeat.Stage(WarpStages.Quicklook);
                    using (ClipTelemetry.Source.StartActivity("quicklook"))
                        QuicklookRenderer.Render(tif, png, options.Value.QuicklookMaxSize, cancellation);
                }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }

            uploadStarted = true;
            heartbeat.Stage(WarpStages.Uploading);
            ObjectInfo info, quicklook;
            using (ClipTelemetry.Source.StartActivity("upload"))
            {
                info = await store.PutFileAsync(input.OutputBucket, names.Key, tif, "image/tiff; application=geotiff; profile=cloud-optimized", cancellation);
                quicklook = await store.PutFileAsync(input.OutputBucket, names.QuicklookKey, png, "image/png", cancellation);
            }
            heartbeat.Stage(WarpStages.Checksum);
            var checksum = info.Md5Base64 is { } md5 ? "md5:" + Convert.ToHexStringLower(Convert.FromBase64String(md5)) : await Sha256Async(tif, cancellation);
            logger.Warped(input.Asset.Key, input.JobId, input.OutputBucket, names.Key, info.SizeBytes, (long)time.GetElapsedTime(started).TotalMilliseconds);
            return new Warped(new ClipArtifact(input.MosaicType, names.Filename, info.SizeBytes, names.Key, checksum, names.QuicklookKey), info.SizeBytes + quicklook.SizeBytes);
        }
        catch (Exception e)
        {
            // A cancelled or failed upload leaves no object: the store writes each one whole or not
            // at all, and what an earlier put of this attempt finished is removed here.
            if (uploadStarted) await RemoveObjectsAsync(input.OutputBucket, names);
            throw e switch
            {
                ClipFailure failure => ToFailure(failure),
                StorageUnavailableException storage => new ApplicationFailureException(
                    $"Storage was unavailable while uploading {names.Key}: {storage.Message}", storage, ClipErrors.StorageUnavailable),
                OperationCanceledException when cancellation.IsCancellationRequested => e,
                IOException io => new ApplicationFailureException(
                    $"I/O failed while warping {input.Asset.Key}: {io.Message}", io, ClipErrors.RasterReadFailed),
                _ => e,
            };
        }
        finally
        {
            AttemptFolder.Delete(workDir, logger);
        }
    }

    /// <summary>The AOI an input scheduled by an older workflow carries, else the job row's. A
    /// database fault propagates, so the attempt is retried.</summary>
    private async Task<string> AoiAsync(WarpInput input, CancellationToken ct) =>
        input.AoiGeoJson ?? await aois.FindAsync(input.JobId, ct) ?? throw new ApplicationFailureException(
            $"No job row {input.JobId} holds the AOI to warp {input.Asset.Key} with. The warp role must read the same database " +
            "(ConnectionStrings:Clip) as the worker role that reserved the job; fix it and create the job again.",
            ClipErrors.JobRowMissing, nonRetryable: true);

    private static T Guard<T>(Func<T> step)
    {
        try { return step(); }
        catch (ClipFailure failure) { throw ToFailure(failure); }
    }

    private static ApplicationFailureException ToFailure(ClipFailure failure) =>
        new(failure.Message, failure, failure.Code, nonRetryable: !failure.Retryable);

    private async Task RemoveObjectsAsync(string bucket, WarpOutputNames names)
    {
        foreach (var key in new[] { names.Key, names.QuicklookKey })
        {
            try
            {
                await store.DeleteAsync(bucket, key, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The workflow's delete-outputs compensation removes clips/{job_id}/ if this misses.
                logger.PartialOutputKept(e, bucket, key);
            }
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellation)
    {
        await using var file = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellation));
    }
}
