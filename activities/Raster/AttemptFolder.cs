using Microsoft.Extensions.Logging;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Scratch folders of warp attempts: <c>{temp}/warp/{job}/{mosaic}/attempt-{n}-{random}</c>.
/// Creating one removes the folders earlier attempts of the same warp left on this machine (a
/// crashed worker cannot clean up after itself), so retries leave no orphans behind.
/// </summary>
public static class AttemptFolder
{
    public static string Create(string tempRoot, string jobId, string mosaicType, int attempt)
    {
        var parent = Path.Combine(tempRoot, "warp", jobId, mosaicType);
        if (Directory.Exists(parent))
            foreach (var stale in Directory.EnumerateDirectories(parent))
                TryDelete(stale);
        var folder = Path.Combine(parent, $"attempt-{attempt}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder, ILogger logger)
    {
        if (!TryDelete(folder)) logger.ScratchFolderKept(folder);
        var parent = Path.GetDirectoryName(folder)!;
        // Remove the now-empty {mosaic} and {job} folders too; another warp may be racing to fill them.
        for (var i = 0; i < 2 && Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any(); i++)
        {
            TryDelete(parent);
            parent = Path.GetDirectoryName(parent)!;
        }
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
