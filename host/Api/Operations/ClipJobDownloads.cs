using Geopera.Clip.Host.Api.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.job.downloads</c>: a descriptor per output file of a completed job.</summary>
public sealed class ClipJobDownloads(JobLookup lookup) : IClipOperation
{
    public static readonly OperationDescriptor Descriptor = new(
        "clip.job.downloads", "clip:read", SideEffect.Read,
        "List downloadable files for a completed job",
        "One descriptor per output file (mosaic_type, filename, size_bytes, gcs_path) — not the bytes; "
        + "stream one with `clip.job.download`.",
        typeof(JobIdRequest), typeof(IReadOnlyList<DownloadDescriptor>),
        [new(200, "A descriptor per output file."), new(400, JobLookup.NotCompletedMeaning), JobLookup.NotFoundAnswer]);

    public async Task<IResult> HandleAsync(OpCall call)
    {
        var job = JobLookup.RequireCompleted(await lookup.RequireAsync(call));
        return Results.Json(job.OutputArtifacts.Select(DownloadDescriptor.From).ToList(), ApiJson.Options);
    }
}
