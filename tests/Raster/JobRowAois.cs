using System.Collections.Concurrent;
using Geopera.Clip.Activities.Raster;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Job rows' AOIs for warp tests, recording which jobs were asked for. <see cref="None"/>
/// fails the test if a warp asks at all (inputs that carry their AOI must not).</summary>
internal sealed class JobRowAois(IReadOnlyDictionary<string, string> rows) : IJobAoiSource
{
    public static readonly IJobAoiSource None = new Unreadable();

    private readonly ConcurrentQueue<string> _asked = new();

    public IReadOnlyList<string> Asked => [.. _asked];

    public Task<string?> FindAsync(string jobId, CancellationToken ct)
    {
        _asked.Enqueue(jobId);
        return Task.FromResult(rows.GetValueOrDefault(jobId));
    }

    private sealed class Unreadable : IJobAoiSource
    {
        public Task<string?> FindAsync(string jobId, CancellationToken ct) =>
            throw new InvalidOperationException($"The warp read job {jobId}'s row although its input carries the AOI.");
    }
}
