using Microsoft.Win32.SafeHandles;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>An open GDAL dataset handle. Released with GDALClose exactly once: by Dispose on the
/// thread that used it, or by the finalizer when an owner was dropped without disposing (a leak
/// of file descriptors and block cache otherwise).</summary>
internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatasetHandle(nint handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        GdalApi.GDALClose(handle);
        return true;
    }
}

/// <summary>A PROJ coordinate transformation handle, destroyed exactly once.</summary>
internal sealed class TransformationHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TransformationHandle(nint handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        GdalApi.OCTDestroyCoordinateTransformation(handle);
        return true;
    }
}
