namespace Geopera.Clip.Activities.Storage;

/// <summary>The filesystem steps of the local store: in-flight files, atomic replace, tidying.</summary>
internal static class LocalFiles
{
    /// <summary>An in-flight file untouched this long belongs to a crashed put.</summary>
    private static readonly TimeSpan AbandonedPartialAge = TimeSpan.FromHours(1);

    public static string WritePartialMetadata(string directory, LocalObjectMetadata metadata)
    {
        var path = CreatePartial(directory, out var output);
        try
        {
            using (output)
            {
                output.Write(metadata.Serialize());
                output.Flush(flushToDisk: true);
            }
            return path;
        }
        catch
        {
            TryDelete(path); // a full disk must not leave in-flight files behind
            throw;
        }
    }

    /// <summary>Create an in-flight file, recreating the folder if a concurrent delete pruned it.</summary>
    public static string CreatePartial(string directory, out FileStream stream)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(directory);
                var path = LocalObjectPaths.NewPartial(directory);
                stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                return path;
            }
            catch (IOException) when (AncestorIsAFile(directory))
            {
                throw new ArgumentException($"Cannot store an object under '{directory}': an object exists at a prefix of this key, which a filesystem cannot hold at once.");
            }
            catch (IOException) when (attempt < 20)
            {
                // A concurrent delete pruned the folder (or a parent) between creating it and
                // opening the file, or while CreateDirectory made its levels: make it again.
            }
        }
    }

    private static bool AncestorIsAFile(string directory)
    {
        for (var path = directory; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
                return true;
        }
        return false;
    }

    public static void Commit(string partial, string target)
    {
        if (Directory.Exists(target))
            throw new ArgumentException($"Cannot store an object at '{target}': objects exist under that name as a prefix, which a filesystem cannot hold at once.");
        File.Move(partial, target, overwrite: true); // rename(2): atomic replace
    }

    /// <summary>Best effort: a folder emptied and pruned by a concurrent delete has nothing to tidy.</summary>
    public static void RemoveAbandonedPartials(string directory)
    {
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory, ObjectNames.ReservedSegmentPrefix + "*", new EnumerationOptions { AttributesToSkip = 0 }))
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > AbandonedPartialAge) TryDelete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public static void RemoveEmptyFolders(string folder, string stopAt)
    {
        while (folder.Length > stopAt.Length && folder.StartsWith(stopAt, StringComparison.Ordinal))
        {
            try { Directory.Delete(folder, recursive: false); }
            catch (IOException) { return; } // not empty (or already gone): stop climbing
            folder = Path.GetDirectoryName(folder)!;
        }
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
