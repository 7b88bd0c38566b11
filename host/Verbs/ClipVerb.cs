using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Aoi;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geopera.Clip.Host.Verbs;

/// <summary>
/// <c>clip --source SRC --aoi AOI.geojson --out OUT.tif [--progress]</c>: one warp on this machine,
/// exactly as a job would run it, for debugging a job by hand. SRC is a local path or an https URL.
/// </summary>
internal static class ClipVerb
{
    public static Command Command()
    {
        var source = new Option<string>("--source")
        {
            Description = "The raster: a local path (relative to the current folder) or an https URL.",
            HelpName = "SRC",
            Required = true,
        };
        var aoi = new Option<FileInfo>("--aoi") { Description = "GeoJSON geometry of the area of interest (EPSG:4326).", HelpName = "AOI.geojson", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the clipped COG.", HelpName = "OUT.tif", Required = true };
        var progress = new Option<bool>("--progress") { Description = "Show the warp's progress on stderr." };
        var command = new Command("clip", "Clip one raster to an AOI on this machine, as a job would (debugging).")
        {
            source,
            aoi,
            output,
            progress,
        };
        command.SetAction(parse => Run(
            LocalOrUrl(parse.GetRequiredValue(source)), parse.GetRequiredValue(aoi), parse.GetRequiredValue(output), parse.GetValue(progress),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string source, FileInfo aoiFile, FileInfo outputFile, bool showProgress, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var aoi = AoiValidator.Validate(File.ReadAllText(aoiFile.FullName));
            if (!aoi.IsValid) return Fail(stderr, aoi.Error!.Code, aoi.Error.Message);
            // An operator debugging by hand may read any local file; the service is limited by Raster:AllowedLocalRoots.
            var gdalPath = new SourcePathResolver(null, [Path.GetPathRoot(Environment.CurrentDirectory) ?? "/"]).Resolve(source);
            var clock = Stopwatch.StartNew();
            var lastPercent = -1;
            void Progress(double fraction)
            {
                var percent = (int)(fraction * 100);
                if (!showProgress || percent == lastPercent) return;
                lastPercent = percent;
                stderr.Write($"\rwarping {percent,3}%");
            }
            var result = new RasterClipper(NullLogger<RasterClipper>.Instance)
                .Clip(new ClipRequest(gdalPath, aoi.Geometry!, outputFile.FullName, Progress), CancellationToken.None);
            if (showProgress) stderr.WriteLine();
            PrintSummary(stdout, result, outputFile.FullName, clock.Elapsed);
            return 0;
        }
        catch (ClipFailure failure)
        {
            return Fail(stderr, failure.Code, failure.Message + (failure.Retryable ? " (transient: try again)" : ""));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, "io", e.Message);
        }
    }

    private static void PrintSummary(TextWriter stdout, ClipResult result, string output, TimeSpan elapsed)
    {
        var o = result.Output;
        var bounds = o.Bounds();
        stdout.WriteLine($"output  {output}");
        stdout.WriteLine($"size    {o.Width} x {o.Height} px, {result.SizeBytes:N0} bytes, {o.OverviewCount} overview(s), layout {o.Layout ?? "?"}");
        stdout.WriteLine($"bands   {string.Join(", ", o.Bands.Select(b => $"{b.DataTypeName}/{b.ColorInterpName}{(b.NoData is { } nd ? $" nodata={nd.ToString(CultureInfo.InvariantCulture)}" : "")}"))}");
        stdout.WriteLine($"crs     {CrsName.Of(o.CrsWkt)}");
        if (bounds is { } b)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bounds  {b.MinX:0.###}, {b.MinY:0.###}, {b.MaxX:0.###}, {b.MaxY:0.###}"));
        stdout.WriteLine($"time    {elapsed.TotalSeconds:0.000} s (warp {result.Elapsed.TotalSeconds:0.000} s)");
    }

    private static int Fail(TextWriter stderr, string code, string message)
    {
        stderr.WriteLine($"error {code}: {message}");
        return HostVerbs.FailureExit;
    }

    /// <summary>Local sources may be given relative to the current folder; URLs go to GDAL as they are.</summary>
    private static string LocalOrUrl(string source) =>
        source.Contains("://", StringComparison.Ordinal) ? source : Path.GetFullPath(source);
}
