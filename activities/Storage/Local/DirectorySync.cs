using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// fsync of a directory, so that a rename survives a power loss. .NET has no API for it (a
/// FileStream cannot open a directory), hence two libc calls. Best effort: a filesystem that
/// refuses (EINVAL on some network mounts) still has the rename, just not its durability.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY opens a directory too, on every Linux architecture

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(directory, ReadOnly);
        if (fd < 0) return;
        try { _ = Fsync(fd); }
        finally { _ = Close(fd); }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
