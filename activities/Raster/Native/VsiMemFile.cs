using System.Runtime.InteropServices;
using System.Text;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// A file in GDAL's in-memory file system (<c>/vsimem/</c>), unique per instance so concurrent
/// warps never share one, removed on dispose. GDAL owns the buffer (allocated with VSIMalloc).
/// </summary>
public sealed class VsiMemFile : IDisposable
{
    private bool _disposed;

    private VsiMemFile(string path) => Path = path;

    public string Path { get; }

    public static VsiMemFile FromText(string fileName, string text)
    {
        GdalRuntime.EnsureInitialized();
        var bytes = Encoding.UTF8.GetBytes(text);
        var path = $"/vsimem/geopera-clip/{Guid.NewGuid():N}/{fileName}";
        var buffer = GdalApi.VSIMalloc((nuint)Math.Max(bytes.Length, 1));
        if (buffer == 0) throw new InsufficientMemoryException("GDAL could not allocate an in-memory file.");
        Marshal.Copy(bytes, 0, buffer, bytes.Length);
        var handle = GdalApi.VSIFileFromMemBuffer(path, buffer, (ulong)bytes.Length, takeOwnership: 1);
        if (handle == 0)
        {
            GdalApi.VSIFree(buffer);
            throw new IOException($"GDAL could not create the in-memory file {path}.");
        }
        // The buffer belongs to the in-memory file now; closing the handle cannot lose data.
        _ = GdalApi.VSIFCloseL(handle);
        return new VsiMemFile(path);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        GdalApi.VSIUnlink(Path);
    }
}
