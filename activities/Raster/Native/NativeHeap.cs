using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// How glibc's allocator hands GDAL's freed memory back to the system. By default it unmaps every
/// block of 128 KiB or more when freed and trims each thread's heap as soon as its free top exceeds
/// a threshold, so every warp maps and page-faults its tile buffers anew: a small clip took 600 to
/// 4,200 minor page faults per call depending on which worker threads ran it (measured on the
/// warp benchmark), where its own work needs almost none. Fixed thresholds keep freed buffers for
/// the next warp: blocks up to <c>MmapThreshold</c> come from the heap, and a heap keeps up to
/// <c>TrimThreshold</c> of free memory. The process's resident size then stays near its peak.
/// </summary>
internal static partial class NativeHeap
{
    private const int MTrimThreshold = -1;   // M_TRIM_THRESHOLD in malloc.h
    private const int MMmapThreshold = -3;   // M_MMAP_THRESHOLD in malloc.h

    /// <summary>glibc's ceiling for M_MMAP_THRESHOLD on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX).</summary>
    public const int MaxMmapThresholdBytes = 32 * 1024 * 1024;

    /// <summary>Applies the thresholds; false where the C library is not glibc (musl has no mallopt
    /// tunables) or refused a value.</summary>
    public static bool Retain(int keepMb)
    {
        if (keepMb <= 0 || !OperatingSystem.IsLinux()) return false;
        var keepBytes = (int)Math.Min((long)keepMb * 1024 * 1024, int.MaxValue);
        try
        {
            return mallopt(MMmapThreshold, Math.Min(keepBytes, MaxMmapThresholdBytes)) == 1
                && mallopt(MTrimThreshold, keepBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc.so.6")]
    private static partial int mallopt(int param, int value);
}
