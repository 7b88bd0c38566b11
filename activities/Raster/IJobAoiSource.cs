namespace Geopera.Clip.Activities.Raster;

/// <summary>Where a warp finds its job's AOI when its input does not carry it (every input scheduled
/// since the AOI left <c>WarpInput</c>): the job row reserve-credits wrote before any warp ran.</summary>
public interface IJobAoiSource
{
    /// <summary>The job's validated AOI as GeoJSON, or null when no job row has this id.</summary>
    Task<string?> FindAsync(string jobId, CancellationToken ct);
}
