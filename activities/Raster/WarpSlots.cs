namespace Geopera.Clip.Activities.Raster;

/// <summary>Bounds the warps running at once in this process (each one wants all CPUs for compression
/// and a share of GDAL's block cache). Shared by every warp activity of the process.</summary>
public sealed class WarpSlots(int count) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(count, count);

    public int Count { get; } = count;

    /// <summary>Slots not held by a warp right now.</summary>
    public int Free => _slots.CurrentCount;

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
