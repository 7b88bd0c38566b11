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

    /// <summary>Minor page faults of this process, and of the children it has reaped (minflt, cminflt).</summary>
    public static (long Own, long ReapedChildren) MinorFaults()
    {
        var fields = Fields();
        // proc(5) fields 10 and 11: minflt and cminflt.
        return (long.Parse(fields[7], CultureInfo.InvariantCulture), long.Parse(fields[8], CultureInfo.InvariantCulture));
    }

    /// <summary>Seconds of CPU of the children this process has reaped (cutime + cstime).</summary>
    public static double ReapedChildren()
    {
        var fields = Fields();
        // cutime and cstime are proc(5) fields 16 and 17.
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The fields of /proc/self/stat after the command: [0] is proc(5) field 3 (state).</summary>
    private static string[] Fields()
    {
        var text = File.ReadAllText("/proc/self/stat");
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }
}
