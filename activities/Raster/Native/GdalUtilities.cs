namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// gdalwarp, gdal_translate and dataset creation as library calls. Each returns null on failure;
/// the reason is in the caller's <see cref="GdalErrorScope"/> (or <see cref="GdalProgress.Cancelled"/>).
/// </summary>
public static unsafe class GdalUtilities
{
    /// <summary><c>gdalwarp [args] source destination</c>. The returned dataset must be closed to finish the file.</summary>
    public static GdalDataset? Warp(GdalDataset source, string destination, IReadOnlyList<string> args, GdalProgress progress)
    {
        using var argv = new Utf8Argv(args);
        var options = GdalApi.GDALWarpAppOptionsNew(argv.Pointer, 0);
        if (options == 0) return null;
        try
        {
            GdalApi.GDALWarpAppOptionsSetProgress(options, GdalProgress.Callback, progress.UserData);
            var sources = stackalloc nint[1] { source.Handle };
            int usageError;
            var result = GdalApi.GDALWarp(destination, 0, 1, sources, options, &usageError);
            return result == 0 ? null : new GdalDataset(result);
        }
        finally
        {
            GdalApi.GDALWarpAppOptionsFree(options);
        }
    }

    /// <summary><c>gdal_translate [args] source destination</c>.</summary>
    public static GdalDataset? Translate(GdalDataset source, string destination, IReadOnlyList<string> args, GdalProgress progress)
    {
        using var argv = new Utf8Argv(args);
        var options = GdalApi.GDALTranslateOptionsNew(argv.Pointer, 0);
        if (options == 0) return null;
        try
        {
            GdalApi.GDALTranslateOptionsSetProgress(options, GdalProgress.Callback, progress.UserData);
            int usageError;
            var result = GdalApi.GDALTranslate(destination, source.Handle, options, &usageError);
            return result == 0 ? null : new GdalDataset(result);
        }
        finally
        {
            GdalApi.GDALTranslateOptionsFree(options);
        }
    }

    /// <summary>Creates a dataset with a driver that supports Create (GTiff, MEM).</summary>
    public static GdalDataset Create(string driver, string path, int width, int height, int bands, GdalDataType type, IReadOnlyList<string>? creationOptions = null)
    {
        GdalRuntime.EnsureInitialized();
        using var options = new Utf8Argv(creationOptions ?? []);
        var handle = GdalApi.GDALCreate(Driver(driver), path, width, height, bands, (int)type, options.Pointer);
        return handle != 0 ? new GdalDataset(handle) : throw new GdalException($"Creating {path} with {driver} failed.");
    }

    /// <summary>Copies a dataset with a driver that supports CreateCopy (COG, GTiff, PNG).</summary>
    public static GdalDataset CreateCopy(string driver, string path, GdalDataset source, IReadOnlyList<string>? creationOptions = null)
    {
        using var options = new Utf8Argv(creationOptions ?? []);
        var handle = GdalApi.GDALCreateCopy(Driver(driver), path, source.Handle, 0, options.Pointer, null, 0);
        return handle != 0 ? new GdalDataset(handle) : throw new GdalException($"Copying to {path} with {driver} failed.");
    }

    private static nint Driver(string name)
    {
        var driver = GdalApi.GDALGetDriverByName(name);
        return driver != 0 ? driver : throw new GdalException($"GDAL has no {name} driver.");
    }
}
