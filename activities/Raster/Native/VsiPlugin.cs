using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>GDAL's virtual file API and plugin handlers (cpl_vsi.h, GDAL 3.0+), as
/// <see cref="CountingFileSystem"/> uses them.</summary>
internal static unsafe partial class VsiPlugin
{
    private const string Lib = GdalApi.Lib;

    /// <summary>VSIFilesystemPluginCallbacksStruct up to the fields set here, in cpl_vsi.h's order;
    /// GDAL allocates the whole struct (zeroed), so later fields stay null.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Callbacks
    {
        public nint UserData;
        public delegate* unmanaged<nint, byte*, nint, int, int> Stat;
        public nint Unlink, Rename, Mkdir, Rmdir, ReadDir;
        public delegate* unmanaged<nint, byte*, byte*, nint> Open;
        public delegate* unmanaged<nint, ulong> Tell;
        public delegate* unmanaged<nint, ulong, int, int> Seek;
        public delegate* unmanaged<nint, void*, nuint, nuint, nuint> Read;
        public delegate* unmanaged<nint, int, void**, ulong*, nuint*, int> ReadMultiRange;
        public nint GetRangeStatus;
        public delegate* unmanaged<nint, int> Eof;
        public nint Write, Flush, Truncate;
        public delegate* unmanaged<nint, int> Close;
        public nuint BufferSize, CacheSize;
    }

    [LibraryImport(Lib)] internal static partial Callbacks* VSIAllocFilesystemPluginCallbacksStruct();
    [LibraryImport(Lib)] internal static partial void VSIFreeFilesystemPluginCallbacksStruct(Callbacks* callbacks);
    [LibraryImport(Lib)] internal static partial int VSIInstallPluginHandler(nint prefix, Callbacks* callbacks);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int VSIStatExL(string path, nint statBuffer, int flags);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint VSIFOpenL(string path, string access);
    [LibraryImport(Lib)] internal static partial ulong VSIFTellL(nint file);
    [LibraryImport(Lib)] internal static partial int VSIFSeekL(nint file, ulong offset, int whence);
    [LibraryImport(Lib)] internal static partial nuint VSIFReadL(void* buffer, nuint size, nuint count, nint file);
    [LibraryImport(Lib)] internal static partial int VSIFReadMultiRangeL(int ranges, void** data, ulong* offsets, nuint* sizes, nint file);
    [LibraryImport(Lib)] internal static partial int VSIFEofL(nint file);
}
