using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// A GDAL path to a source through which every byte GDAL reads is counted, for one clip: GDAL
/// reads <see cref="Path"/> as it would the source, and <see cref="BytesRead"/> is what its
/// drivers took from the file (after GDAL's block cache, before any cache of the file system
/// below: for <c>/vsigs/</c> that layer fetches whole chunks, so the network may carry a little
/// more, or nothing when another clip fetched the range first). Counts are per instance, so
/// concurrent clips of one source do not mix. Dispose when the clip's datasets are closed.
/// </summary>
public sealed class CountedSource : IDisposable
{
    private static readonly ConcurrentDictionary<long, CountedSource> Open = new();
    private static long _lastId;

    private readonly long _id;
    private long _bytesRead;

    private CountedSource(long id, string path)
    {
        _id = id;
        // Sources are absolute (a rooted path or /vsi…/), so the real path's own leading slash
        // ends the id: GDAL collapses a doubled slash in names it builds.
        Path = CountingFileSystem.Prefix + id.ToString(CultureInfo.InvariantCulture) + (path.StartsWith('/') ? path : System.IO.Path.GetFullPath(path));
    }

    /// <summary>The path to give GDAL instead of the source's.</summary>
    public string Path { get; }

    /// <summary>Bytes GDAL has read through <see cref="Path"/> so far (the source and the files
    /// GDAL finds beside it, such as a .msk sidecar).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Starts counting the reads of <paramref name="path"/> (a local path or a <c>/vsi…/</c> one).</summary>
    public static CountedSource For(string path)
    {
        CountingFileSystem.EnsureInstalled();
        var counted = new CountedSource(Interlocked.Increment(ref _lastId), path);
        Open[counted._id] = counted;
        return counted;
    }

    internal void Add(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    /// <summary>The counter and the real path of a name GDAL hands the file system ("ID/real/path",
    /// with or without the prefix); no counter for any other name, which is then never passed on
    /// (a real path under the prefix would call the file system again, without end).</summary>
    internal static (CountedSource? Counter, string RealPath) Resolve(string name)
    {
        var rest = name.StartsWith(CountingFileSystem.Prefix, StringComparison.OrdinalIgnoreCase) ? name[CountingFileSystem.Prefix.Length..] : name;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !long.TryParse(rest.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return (null, name);
        var realPath = rest[slash..];
        return realPath.StartsWith(CountingFileSystem.Prefix, StringComparison.OrdinalIgnoreCase) ? (null, name) : (Open.GetValueOrDefault(id), realPath);
    }

    public void Dispose() => Open.TryRemove(_id, out _);
}

/// <summary>
/// The <c>/vsiclipcount/</c> file system behind <see cref="CountedSource"/>: a GDAL plugin handler
/// (VSIInstallPluginHandler, GDAL 3.0) that opens the real path with GDAL's own file API and
/// passes every call through, adding the bytes of each read to its counter. Read-only; no buffer
/// or cache of its own (nBufferSize 0), so each count is a read GDAL made.
/// </summary>
internal static unsafe class CountingFileSystem
{
    public const string Prefix = "/vsiclipcount/";

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>An open file: GDAL's handle on the real path and the counter of its reads.</summary>
    private sealed record OpenFile(nint Handle, CountedSource Counter);

    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (_installed) return;
            GdalRuntime.EnsureInitialized();
            var callbacks = VsiPlugin.VSIAllocFilesystemPluginCallbacksStruct();
            try
            {
                callbacks->Stat = &Stat;
                callbacks->Open = &OpenFileCallback;
                callbacks->Tell = &Tell;
                callbacks->Seek = &Seek;
                callbacks->Read = &Read;
                callbacks->ReadMultiRange = &ReadMultiRange;
                callbacks->Eof = &Eof;
                callbacks->Close = &Close;
                // GDAL 3.6's plugin handler keeps the prefix pointer it is given (no copy) and strips
                // names by its length: the string must outlive every GDAL call, so it is never freed.
                if (VsiPlugin.VSIInstallPluginHandler(Marshal.StringToCoTaskMemUTF8(Prefix), callbacks) != 0)
                    throw new InvalidOperationException($"GDAL refused to install the {Prefix} file system.");
            }
            finally
            {
                // GDAL copies the callbacks when it installs the handler.
                VsiPlugin.VSIFreeFilesystemPluginCallbacksStruct(callbacks);
            }
            _installed = true;
        }
    }

    private static OpenFile File(nint file) => (OpenFile)GCHandle.FromIntPtr(file).Target!;

    [UnmanagedCallersOnly]
    private static int Stat(nint userData, byte* name, nint statBuffer, int flags)
    {
        try
        {
            var (counter, realPath) = CountedSource.Resolve(Marshal.PtrToStringUTF8((nint)name)!);
            return counter is null ? -1 : VsiPlugin.VSIStatExL(realPath, statBuffer, flags);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return -1;
        }
    }

    [UnmanagedCallersOnly]
    private static nint OpenFileCallback(nint userData, byte* name, byte* access)
    {
        try
        {
            var (counter, realPath) = CountedSource.Resolve(Marshal.PtrToStringUTF8((nint)name)!);
            var mode = Marshal.PtrToStringUTF8((nint)access) ?? "rb";
            if (counter is null || mode.Contains('w', StringComparison.Ordinal) || mode.Contains('a', StringComparison.Ordinal) || mode.Contains('+', StringComparison.Ordinal))
                return 0;
            var handle = VsiPlugin.VSIFOpenL(realPath, "rb");
            return handle == 0 ? 0 : GCHandle.ToIntPtr(GCHandle.Alloc(new OpenFile(handle, counter)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static ulong Tell(nint file) => VsiPlugin.VSIFTellL(File(file).Handle);

    [UnmanagedCallersOnly]
    private static int Seek(nint file, ulong offset, int whence) => VsiPlugin.VSIFSeekL(File(file).Handle, offset, whence);

    [UnmanagedCallersOnly]
    private static nuint Read(nint file, void* buffer, nuint size, nuint count)
    {
        var open = File(file);
        var read = VsiPlugin.VSIFReadL(buffer, size, count, open.Handle);
        open.Counter.Add((long)(read * size));
        return read;
    }

    [UnmanagedCallersOnly]
    private static int ReadMultiRange(nint file, int ranges, void** data, ulong* offsets, nuint* sizes)
    {
        var open = File(file);
        var result = VsiPlugin.VSIFReadMultiRangeL(ranges, data, offsets, sizes, open.Handle);
        if (result == 0)
        {
            long total = 0;
            for (var i = 0; i < ranges; i++)
                total += (long)sizes[i];
            open.Counter.Add(total);
        }
        return result;
    }

    [UnmanagedCallersOnly]
    private static int Eof(nint file) => VsiPlugin.VSIFEofL(File(file).Handle);

    [UnmanagedCallersOnly]
    private static int Close(nint file)
    {
        var handle = GCHandle.FromIntPtr(file);
        var open = (OpenFile)handle.Target!;
        handle.Free();
        return GdalApi.VSIFCloseL(open.Handle);
    }
}
