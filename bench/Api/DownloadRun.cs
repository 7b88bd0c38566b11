using System.Diagnostics;
using System.Globalization;
using Geopera.Clip.Bench.Common;

namespace Geopera.Clip.Bench.Api;

/// <summary>clip.job.download throughput against <c>cat</c> of the same stored file, both consumed
/// the same way (read into a 1 MiB buffer and dropped). Each round runs one download and one cat
/// back to back; the ratio is the median of the per-round ratios, so load from other processes
/// on a shared machine shifts both sides of a round alike. Peak memory is the process's VmHWM over the downloads (reset first via clear_refs).</summary>
public sealed record DownloadRun(double DownloadMBps, double CatMBps, double Ratio, int RoundCount, long FileBytes, long PeakRssBytes, long BaselineRssBytes, long AllocatedBytes)
{
    public static async Task<DownloadRun> MeasureAsync(Uri baseAddress, BenchWorld world, int rounds)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await CatAsync(world.FilePath); // page cache warm for both
        await DownloadAsync(http, world);
        GC.Collect();
        var baseline = ProcessMemory.ResetPeak();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var pairs = new Rounds("clip.job.download", "MB/s");
        for (var round = 0; round < rounds; round++)
            pairs.Add(new Round(world.FileBytes / await DownloadAsync(http, world) / 1e6, world.FileBytes / await CatAsync(world.FilePath) / 1e6));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new DownloadRun(pairs.MedianOurs, pairs.MedianReference, pairs.MedianRatio, pairs.All.Count, world.FileBytes, ProcessMemory.PeakRss(), baseline, allocated);
    }

    private static async Task<double> DownloadAsync(HttpClient http, BenchWorld world)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(world.DownloadRequest(), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var read = await DrainAsync(body);
        if (read != world.FileBytes)
            throw new InvalidOperationException($"Downloaded {read} of {world.FileBytes} bytes.");
        return ApiBench.Seconds(Stopwatch.GetTimestamp() - started);
    }

    private static async Task<double> CatAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var cat = Process.Start(new ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("cannot start cat");
        await DrainAsync(cat.StandardOutput.BaseStream);
        await cat.WaitForExitAsync();
        return ApiBench.Seconds(Stopwatch.GetTimestamp() - started);
    }

    private static async Task<long> DrainAsync(Stream stream)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
            total += read;
        return total;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"""
        clip.job.download {FileBytes / 1048576.0:F0} MiB: {DownloadMBps,7:F0} MB/s (median of {RoundCount}; per-round ratios' median {Ratio:F2})
        cat (same file)  {FileBytes / 1048576.0:F0} MiB: {CatMBps,7:F0} MB/s (median of {RoundCount})
        process memory: peak RSS during downloads {PeakRssBytes / 1048576.0:F0} MiB (baseline {BaselineRssBytes / 1048576.0:F0} MiB), managed allocations {AllocatedBytes / 1048576.0:F1} MiB for {RoundCount} × {FileBytes / 1048576.0:F0} MiB served
        """);
}

/// <summary>Linux process memory from /proc/self (VmRSS, VmHWM).</summary>
public static class ProcessMemory
{
    /// <summary>Resets the peak (VmHWM) to the current RSS and returns the current RSS.</summary>
    public static long ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not permitted here: the peak then covers the whole run, which only overstates it.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Field("VmRSS");
    }

    public static long PeakRss() => Field("VmHWM");

    private static long Field(string name)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
