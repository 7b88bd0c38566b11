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
    public const string Usage = "clip --source SRC --aoi AOI.geojson --out OUT.tif [--progress]";

    public static Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine($"usage: {Usage}");
            return Task.FromResult(2);
        }
        var (source, aoiPath, output, showProgress) = options.Value;
        try
        {
            var aoi = AoiValidator.Validate(File.ReadAllText(aoiPath));
            if (!aoi.IsValid) return Task.FromResult(Fail(aoi.Error!.Code, aoi.Error.Message));
            // An operator debugging by hand may read any local file; the service is limited by Raster:AllowedLocalRoots.
            var gdalPath = new SourcePathResolver(null, [Path.GetPathRoot(Environment.CurrentDirectory) ?? "/"]).Resolve(source);
            var clock = Stopwatch.StartNew();
            var lastPercent = -1;
            void Progress(double fraction)
            {
                var percent = (int)(fraction * 100);
                if (!showProgress || percent == lastPercent) return;
                lastPercent = percent;
                Console.Error.Write($"\rwarping {percent,3}%");
            }
            var result = new RasterClipper(NullLogger<RasterClipper>.Instance)
                .Clip(new ClipRequest(gdalPath, aoi.Geometry!, Path.GetFullPath(output), Progress), CancellationToken.None);
            if (showProgress) Console.Error.WriteLine();
            PrintSummary(result, output, clock.Elapsed);
            return Task.FromResult(0);
        }
        catch (ClipFailure failure)
        {
            return Task.FromResult(Fail(failure.Code, failure.Message + (failure.Retryable ? " (transient: try again)" : "")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(Fail("io", e.Message));
        }
    }

    private static void PrintSummary(ClipResult result, string output, TimeSpan elapsed)
    {
        var o = result.Output;
        var bounds = o.Bounds();
        Console.WriteLine($"output  {output}");
        Console.WriteLine($"size    {o.Width} x {o.Height} px, {result.SizeBytes:N0} bytes, {o.OverviewCount} overview(s), layout {o.Layout ?? "?"}");
        Console.WriteLine($"bands   {string.Join(", ", o.Bands.Select(b => $"{b.DataTypeName}/{b.ColorInterpName}{(b.NoData is { } nd ? $" nodata={nd.ToString(CultureInfo.InvariantCulture)}" : "")}"))}");
        Console.WriteLine($"crs     {CrsName.Of(o.CrsWkt)}");
        if (bounds is { } b)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bounds  {b.MinX:0.###}, {b.MinY:0.###}, {b.MaxX:0.###}, {b.MaxY:0.###}"));
        Console.WriteLine($"time    {elapsed.TotalSeconds:0.000} s (warp {result.Elapsed.TotalSeconds:0.000} s)");
    }

    private static int Fail(string code, string message)
    {
        Console.Error.WriteLine($"error {code}: {message}");
        return 1;
    }

    private static (string Source, string Aoi, string Output, bool Progress)? Parse(string[] args)
    {
        string? source = null, aoi = null, output = null;
        var progress = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--source" when i + 1 < args.Length: source = args[++i]; break;
                case "--aoi" when i + 1 < args.Length: aoi = args[++i]; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--progress": progress = true; break;
                default: return null;
            }
        }
        if (source is null || aoi is null || output is null) return null;
        // Local sources may be given relative to the working directory here.
        if (!source.Contains("://", StringComparison.Ordinal)) source = Path.GetFullPath(source);
        return (source, aoi, output, progress);
    }
}
