using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// A GDAL progress callback bound to a managed reporter and a cancellation token. Returning 0 to
/// GDAL aborts the running operation; GDAL does not always say why, so <see cref="Cancelled"/>
/// records it. Keep the instance alive (and undisposed) until the GDAL call has returned.
/// </summary>
public sealed unsafe class GdalProgress : IDisposable
{
    private readonly Action<double>? _report;
    private readonly CancellationToken _cancellation;
    private GCHandle _self;

    public GdalProgress(Action<double>? report, CancellationToken cancellation)
    {
        _report = report;
        _cancellation = cancellation;
        _self = GCHandle.Alloc(this);
    }

    public bool Cancelled { get; private set; }

    internal static delegate* unmanaged<double, nint, nint, int> Callback => &OnProgress;

    internal nint UserData => GCHandle.ToIntPtr(_self);

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
    }

    [UnmanagedCallersOnly]
    private static int OnProgress(double complete, nint message, nint userData)
    {
        try
        {
            if (GCHandle.FromIntPtr(userData).Target is not GdalProgress progress) return 1;
            if (progress._cancellation.IsCancellationRequested)
            {
                progress.Cancelled = true;
                return 0;
            }
            progress._report?.Invoke(Math.Clamp(complete, 0, 1));
            return 1;
        }
        catch
        {
            return 1; // a failing reporter must not abort a good warp, nor throw into native code
        }
    }
}
