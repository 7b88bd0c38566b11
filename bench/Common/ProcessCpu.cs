using System.Globalization;

namespace Geopera.Clip.Bench.Common;

/// <summary>CPU time of this process and of the child processes it has waited for (a reference
/// tool such as pgbench or cat), from /proc/self/stat.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of CPU this process used (all threads: JIT, GC and the benchmark's clients included).</summary>
    public static double Own()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Seconds of CPU of the children this process has reaped (cutime + cstime).</summary>
    public static double ReapedChildren()
    {
        var text = File.ReadAllText("/proc/self/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is proc(5) field 3 (state): cutime and cstime are fields 16 and 17.
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
