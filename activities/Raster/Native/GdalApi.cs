using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// The GDAL 3.6 C functions the clip uses, bound to Debian's <c>libgdal.so.32</c>. Returned
/// <c>char*</c> are declared <c>nint</c> on purpose: GDAL owns those buffers and a <c>string</c>
/// return would make the marshaller free them (process abort). Strings passed in are UTF-8.
/// </summary>
internal static unsafe partial class GdalApi
{
    internal const string Lib = "libgdal.so.32";

    // ---- process set-up and configuration ----
    [LibraryImport(Lib)] internal static partial void GDALAllRegister();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void CPLSetConfigOption(string key, string? value);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint GDALVersionInfo(string request);
    [LibraryImport(Lib)] internal static partial void VSICurlClearCache();

    // ---- errors ----
    [LibraryImport(Lib)] internal static partial void CPLPushErrorHandlerEx(delegate* unmanaged<int, int, nint, void> handler, nint userData);
    [LibraryImport(Lib)] internal static partial void CPLPopErrorHandler();
    [LibraryImport(Lib)] internal static partial nint CPLGetErrorHandlerUserData();
    [LibraryImport(Lib)] internal static partial nint CPLSetErrorHandler(delegate* unmanaged<int, int, nint, void> handler);
    [LibraryImport(Lib)] internal static partial void CPLErrorReset();

    // ---- datasets and bands ----
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALOpenEx(string path, uint openFlags, nint allowedDrivers, nint openOptions, nint siblingFiles);
    [LibraryImport(Lib)] internal static partial void GDALClose(nint dataset);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterXSize(nint dataset);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterYSize(nint dataset);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterCount(nint dataset);
    [LibraryImport(Lib)] internal static partial int GDALGetGeoTransform(nint dataset, double* transform);
    [LibraryImport(Lib)] internal static partial nint GDALGetProjectionRef(nint dataset);
    [LibraryImport(Lib)] internal static partial nint GDALGetDatasetDriver(nint dataset);
    [LibraryImport(Lib)] internal static partial nint GDALGetDriverShortName(nint driver);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALGetMetadataItem(nint majorObject, string name, string? domain);
    [LibraryImport(Lib)] internal static partial nint GDALGetRasterBand(nint dataset, int band);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterDataType(nint band);
    [LibraryImport(Lib)] internal static partial nint GDALGetDataTypeName(int dataType);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterColorInterpretation(nint band);
    [LibraryImport(Lib)] internal static partial nint GDALGetColorInterpretationName(int colorInterp);
    [LibraryImport(Lib)] internal static partial double GDALGetRasterNoDataValue(nint band, int* hasNoData);
    [LibraryImport(Lib)] internal static partial int GDALGetOverviewCount(nint band);
    [LibraryImport(Lib)] internal static partial int GDALGetMaskFlags(nint band);
    [LibraryImport(Lib)] internal static partial int GDALGetGCPCount(nint dataset);
    [LibraryImport(Lib)] internal static partial nint GDALGetGCPProjection(nint dataset);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint GDALGetMetadata(nint majorObject, string? domain);
    [LibraryImport(Lib)] internal static partial nint GDALGetMaskBand(nint band);
    [LibraryImport(Lib)] internal static partial int GDALCreateDatasetMaskBand(nint dataset, int flags);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GDALSetMetadataItem(nint majorObject, string name, string value, string? domain);
    [LibraryImport(Lib)] internal static partial void GDALGetBlockSize(nint band, int* xSize, int* ySize);
    [LibraryImport(Lib)]
    internal static partial int GDALComputeRasterStatistics(nint band, int approxOk, double* min, double* max, double* mean, double* stdDev,
        delegate* unmanaged<double, nint, nint, int> progress, nint progressData);
    [LibraryImport(Lib)]
    internal static partial int GDALRasterIO(nint band, int rwFlag, int xOff, int yOff, int xSize, int ySize, void* buffer,
        int bufXSize, int bufYSize, int bufType, int pixelSpace, int lineSpace);

    // ---- creating rasters (tests and the benchmark synthesize their inputs with these) ----
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint GDALGetDriverByName(string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALCreate(nint driver, string path, int xSize, int ySize, int bands, int dataType, nint options);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALCreateCopy(nint driver, string path, nint source, int strict, nint options,
        delegate* unmanaged<double, nint, nint, int> progress, nint progressData);
    [LibraryImport(Lib)] internal static partial int GDALSetGeoTransform(nint dataset, double* transform);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int GDALSetProjection(nint dataset, string wkt);
    [LibraryImport(Lib)] internal static partial int GDALSetRasterNoDataValue(nint band, double value);
    [LibraryImport(Lib)] internal static partial int GDALSetRasterColorInterpretation(nint band, int colorInterp);

    // ---- gdalwarp / gdal_translate as library calls ----
    [LibraryImport(Lib)] internal static partial nint GDALWarpAppOptionsNew(nint argv, nint forBinary);
    [LibraryImport(Lib)] internal static partial void GDALWarpAppOptionsSetProgress(nint options, delegate* unmanaged<double, nint, nint, int> progress, nint progressData);
    [LibraryImport(Lib)] internal static partial void GDALWarpAppOptionsFree(nint options);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALWarp(string destination, nint destinationDataset, int sourceCount, nint* sources, nint options, int* usageError);
    [LibraryImport(Lib)] internal static partial nint GDALTranslateOptionsNew(nint argv, nint forBinary);
    [LibraryImport(Lib)] internal static partial void GDALTranslateOptionsSetProgress(nint options, delegate* unmanaged<double, nint, nint, int> progress, nint progressData);
    [LibraryImport(Lib)] internal static partial void GDALTranslateOptionsFree(nint options);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALTranslate(string destination, nint source, nint options, int* usageError);

    // ---- in-memory files ----
    [LibraryImport(Lib)] internal static partial nint VSIMalloc(nuint size);
    [LibraryImport(Lib)] internal static partial void VSIFree(nint pointer);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint VSIFileFromMemBuffer(string path, nint buffer, ulong length, int takeOwnership);
    [LibraryImport(Lib)] internal static partial int VSIFCloseL(nint file);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int VSIUnlink(string path);

    // ---- spatial references ----
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint OSRNewSpatialReference(string? wkt);
    [LibraryImport(Lib)] internal static partial void OSRDestroySpatialReference(nint srs);
    [LibraryImport(Lib)] internal static partial int OSRImportFromEPSG(nint srs, int code);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int OSRSetFromUserInput(nint srs, string definition);
    [LibraryImport(Lib)] internal static partial void OSRSetAxisMappingStrategy(nint srs, int strategy);
    [LibraryImport(Lib)] internal static partial int OSRExportToWkt(nint srs, nint* wkt);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint OSRGetAuthorityName(nint srs, string? targetKey);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint OSRGetAuthorityCode(nint srs, string? targetKey);
    [LibraryImport(Lib)] internal static partial int OSRIsSame(nint srs1, nint srs2);
    [LibraryImport(Lib)] internal static partial nint OCTNewCoordinateTransformation(nint source, nint target);
    [LibraryImport(Lib)] internal static partial void OCTDestroyCoordinateTransformation(nint transform);
    [LibraryImport(Lib)] internal static partial int OCTTransform(nint transform, int count, double* x, double* y, double* z);
    [LibraryImport(Lib)]
    internal static partial int OCTTransformBounds(nint transform, double xMin, double yMin, double xMax, double yMax,
        double* outXMin, double* outYMin, double* outXMax, double* outYMax, int densifyPoints);

    internal static string? Utf8(nint pointer) => pointer == 0 ? null : Marshal.PtrToStringUTF8(pointer);
}
