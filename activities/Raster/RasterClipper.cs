using System.Diagnostics;
using System.Text.Json;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Activities.Telemetry;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Geopera.Clip.Activities.Raster;

/// <summary>One clip: a GDAL-readable source, a validated lon/lat AOI, a local output file.</summary>
public sealed record ClipRequest(string SourcePath, Geometry AoiLonLat, string DestinationPath, Action<double>? Progress = null);

/// <summary>What a clip produced. <paramref name="Arguments"/> are the gdalwarp arguments used; the
/// cutline path in them is in-memory and gone once the clip returns, <paramref name="CutlineGeoJson"/>
/// is its content (to replay the warp with the CLI).
/// <paramref name="SensorModel"/> says how the source was placed on the Earth (GCP or RPC imagery is
/// first warped to a virtual north-up raster, so <paramref name="Arguments"/> alone do not replay it).
/// <paramref name="SourceBytesRead"/> is what GDAL read from the source's file (<see cref="CountedSource"/>).</summary>
public sealed record ClipResult(RasterInfo Source, RasterInfo Output, long SizeBytes, TimeSpan Elapsed, IReadOnlyList<string> Arguments, string CutlineGeoJson,
    SensorModel SensorModel = SensorModel.None, long SourceBytesRead = 0);

/// <summary>
/// Clips a raster to an AOI with an in-process gdalwarp: open, project the AOI into the raster's
/// CRS, refuse an AOI that misses the raster (GDAL would write an all-empty file), warp to a COG
/// cropped to the AOI with outside pixels masked. Synchronous on purpose: GDAL's error state is
/// per thread, so run the whole call on one thread (the activity gives it a dedicated one).
/// Safe to call from several threads at once: each call owns its handles and in-memory cutline.
/// </summary>
public sealed class RasterClipper(ILogger<RasterClipper> logger)
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>Clips, or throws a <see cref="ClipFailure"/> (or <see cref="OperationCanceledException"/>
    /// when cancelled): nothing else escapes, whatever GDAL, PROJ or the geometry code raise.</summary>
    public ClipResult Clip(ClipRequest request, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        using var errors = new GdalErrorScope();
        // Disposed after ClipWithin has closed every dataset over the source.
        using var counted = CountedSource.For(request.SourcePath);
        try
        {
            return ClipWithin(errors, request, counted.Path, cancellation) with { SourceBytesRead = counted.BytesRead };
        }
        catch (Exception e) when (e is not ClipFailure and not OperationCanceledException)
        {
            DeleteOutput(request.DestinationPath);
            throw GdalFailureClassifier.Unexpected($"Clipping {request.SourcePath} failed", e, errors.Errors);
        }
    }

    // readPath: the source as GDAL reads it (counted); messages keep naming request.SourcePath.
    private ClipResult ClipWithin(GdalErrorScope errors, ClipRequest request, string readPath, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var opening = ClipTelemetry.Source.StartActivity("gdal open");
        using var source = GdalDataset.Open(readPath)
            ?? throw GdalFailureClassifier.Classify($"Cannot open the source raster {request.SourcePath}", errors.Errors);
        var info = source.Info();
        opening?.Dispose();
        // GCP and RPC imagery is read through a virtual north-up raster; every other source as it is.
        using var view = ClipSourceView.Over(source, info, request.AoiLonLat, errors, request.SourcePath);
        var plan = ClipPreChecks.Plan(request.AoiLonLat, view.Info, request.SourcePath);
        var cutlineJson = CutlineGeoJson(plan.CutlineLonLat);
        using var cutlineFile = VsiMemFile.FromText("aoi.geojson", cutlineJson);

        // A per-dataset mask is warped as an alpha band (GDAL 3.6 drops such masks under a cutline).
        // Sensor imagery's view is a warp without cutline, which honours such masks itself.
        var sidecar = view.Model == SensorModel.None ? MaskAlphaVrt.LocalSidecar(request.SourcePath) : null;
        using var maskVrt = view.Model == SensorModel.None && (info.PerDatasetMask || sidecar is not null)
            ? VsiMemFile.FromText("masked.vrt", MaskAlphaVrt.Xml(readPath, info, sidecar is null ? null : readPath + MaskAlphaVrt.SidecarSuffix))
            : null;
        using var masked = maskVrt is null ? null : GdalDataset.Open(maskVrt.Path)
            ?? throw GdalFailureClassifier.Classify($"Cannot open the mask of {request.SourcePath}", errors.Errors);
        var warpSource = masked ?? view.Dataset;
        var args = WarpArguments.Build(masked?.Info() ?? view.Info, cutlineFile.Path, plan.Window, OutputCrs.TargetFor(view.Info.CrsWkt!));

        using var progress = new GdalProgress(request.Progress, cancellation);
        GdalDataset? output;
        using (var warping = ClipTelemetry.Source.StartActivity("gdal warp"))
        {
            warping?.SetTag("clip.raster.width", info.Width);
            warping?.SetTag("clip.raster.height", info.Height);
            output = GdalUtilities.Warp(warpSource, request.DestinationPath, args, progress);
        }
        if (output is null)
        {
            DeleteOutput(request.DestinationPath);
            if (progress.Cancelled || cancellation.IsCancellationRequested)
                throw new OperationCanceledException("The warp was cancelled.", cancellation);
            throw GdalFailureClassifier.Classify($"Warping {request.SourcePath} failed", errors.Errors);
        }
        // The COG driver hands back the finished file, reopened: describe it from this handle rather than
        // opening it a second time. GDAL reports LAYOUT=COG only when it opens a file itself, and the COG
        // driver wrote this one (the tests check the layout of the file on disk).
        RasterInfo written;
        using (output) written = output.Info() with { Layout = "COG" };
        var result = new ClipResult(info, written, new FileInfo(request.DestinationPath).Length, clock.Elapsed, args, cutlineJson, view.Model);
        foreach (var warning in errors.Errors)
            logger.GdalWarning(request.SourcePath, warning.Message);
        logger.Clipped(request.SourcePath, result.Output.Width, result.Output.Height, result.SizeBytes, (long)result.Elapsed.TotalMilliseconds);
        return result;
    }

    /// <summary>The cutline gdalwarp gets: the AOI in lon/lat, densified so that gdalwarp's own
    /// vertex-by-vertex reprojection follows the same edges as <see cref="AoiProjector"/>.</summary>
    public static string CutlineGeoJson(Geometry aoiLonLat) => JsonSerializer.Serialize(AoiProjector.Densify(aoiLonLat), GeoJson);

    private static void DeleteOutput(string path)
    {
        // A failed or cancelled COG write can leave the file and the driver's temporary overview file.
        foreach (var file in new[] { path, path + ".ovr.tmp", path + ".aux.xml" })
            if (File.Exists(file)) File.Delete(file);
    }
}
