using System.Diagnostics;
using Geopera.Clip.Activities.Raster.Native;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Replays a clip with the <c>gdalwarp</c> command-line tool: the same arguments and GDAL
/// configuration, the in-memory cutline written to a file beside the output. The reference the
/// tests and the benchmark compare the in-process warp with.
/// </summary>
public static class GdalWarpCli
{
    public static void Replay(ClipResult clip, string source, string destination)
    {
        var cutline = destination + ".cutline.geojson";
        File.WriteAllText(cutline, clip.CutlineGeoJson);
        try
        {
            var psi = new ProcessStartInfo("gdalwarp") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (key, value) in GdalRuntime.AppliedOptions)
            {
                psi.ArgumentList.Add("--config");
                psi.ArgumentList.Add(key);
                psi.ArgumentList.Add(value);
            }
            foreach (var arg in clip.Arguments)
                psi.ArgumentList.Add(arg.StartsWith("/vsimem/", StringComparison.Ordinal) ? cutline : arg);
            foreach (var arg in new[] { "-q", source, destination }) psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("gdalwarp could not be started.");
            // Both pipes drained at once so neither can fill and stall the child.
            var stderr = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, line) => stderr.AppendLine(line.Data);
            process.BeginErrorReadLine();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"gdalwarp exited with {process.ExitCode}: {stderr}");
        }
        finally
        {
            File.Delete(cutline);
        }
    }
}
