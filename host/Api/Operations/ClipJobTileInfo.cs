using System.Collections.Concurrent;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Host.Api.TileInfo;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.job.tile_info</c>: tile-rendering parameters of a completed job's output,
/// computed from the stored file once and then cached (outputs never change once completed).</summary>
public sealed class ClipJobTileInfo(JobLookup lookup, IObjectStore store, IRasterSummaryReader reader, TileInfoCache cache) : IClipOperation
{
    public static readonly OperationDescriptor Descriptor = new(
        "clip.job.tile_info", "clip:read", SideEffect.Read,
        "Tile-rendering params for a completed job",
        "For one output (default: the first): bounds [west, south, east, north] in EPSG:4326, center [lon, lat, zoom], "
        + "min/max Web-Mercator zoom (max: first level whose ground resolution is at least as fine as the pixel size; "
        + "min: deepest level where the whole extent fits one 256-px tile), band count, per-band data type, min/max/mean and nodata.",
        typeof(JobTileInfoRequest), typeof(TileInfoResponse),
        [
            new(200, "Tile-rendering parameters of the output."),
            new(400, JobLookup.NotCompletedMeaning),
            new(404, "No such job in your organization (`job-not-found`), or no output of that mosaic type (`not-found`)."),
        ]);

    public async Task<IResult> HandleAsync(OpCall call)
    {
        string? mosaicType = null;
        var job = JobLookup.RequireCompleted(await lookup.RequireAsync(call, ["mosaic_type"],
            fields => mosaicType = fields.String("mosaic_type", required: false, ClipRequestRules.MaxKeyLength)));
        var artifact = JobLookup.RequireArtifact(job, mosaicType);
        var info = await cache.GetOrAddAsync((job.Id, artifact.MosaicType), async () =>
        {
            var summary = await reader.ReadAsync(store.GdalPath(job.OutputBucket, artifact.GcsPath), call.Aborted);
            return ToResponse(job.Id, artifact.MosaicType, summary);
        });
        return Results.Json(info, ApiJson.Options);
    }

    public static TileInfoResponse ToResponse(string jobId, string mosaicType, RasterSummary s)
    {
        var (min, max) = ZoomLevels.For(s.West, s.South, s.East, s.North, s.PixelSizeMetres);
        var nodata = s.Bands.Select(b => b.Nodata).FirstOrDefault(n => n is not null);
        return new TileInfoResponse(jobId, mosaicType, [s.West, s.South, s.East, s.North],
            [(s.West + s.East) / 2, (s.South + s.North) / 2, ZoomLevels.Initial(min, max)], min, max, s.Bands.Count,
            s.Bands.Select(b => new BandInfoView(b.Band, b.DataType, b.Min, b.Max, b.Mean, b.Nodata)).ToList(), nodata);
    }
}

/// <summary>Tile info per (job, mosaic type); bounded so a long-running API cannot grow without limit.</summary>
public sealed class TileInfoCache
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<(string, string), TileInfoResponse> _entries = new();

    public async Task<TileInfoResponse> GetOrAddAsync((string JobId, string MosaicType) key, Func<Task<TileInfoResponse>> compute)
    {
        if (_entries.TryGetValue(key, out var cached))
            return cached;
        var value = await compute();
        if (_entries.Count >= Capacity)
            _entries.Clear();
        _entries[key] = value;
        return value;
    }
}
