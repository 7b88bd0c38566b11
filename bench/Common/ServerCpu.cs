using System.Globalization;

namespace Geopera.Clip.Bench.Common;

/// <summary>
/// CPU time of a local PostgreSQL server from /proc: the postmaster's own time, the time of the
/// backends it has already reaped (cutime/cstime, so connections that closed during a run still
/// count) and the time of its live children. On a machine shared with other work this is the
/// figure that does not depend on how much CPU the benchmark was given.
/// </summary>
internal sealed class ServerCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int? _postmaster;

    private ServerCpu(int? postmaster) => _postmaster = postmaster;

    public bool Available => _postmaster is not null;

    /// <summary>From a backend's pid: its parent is the postmaster. Unavailable when the server runs
    /// elsewhere (or /proc is not readable).</summary>
    public static ServerCpu FromBackend(int backendPid) =>
        Stat(backendPid) is { } stat && int.TryParse(stat[1], CultureInfo.InvariantCulture, out var parent) && Stat(parent) is { } p && p[0].Contains("postgres", StringComparison.Ordinal)
            ? new ServerCpu(parent)
            : new ServerCpu(null);

    /// <summary>Seconds of CPU the server used so far (0 when unavailable).</summary>
    public double Seconds()
    {
        if (_postmaster is not { } pid || Stat(pid) is not { } own)
            return 0;
        var ticks = Ticks(own, 11) + Ticks(own, 12) + Ticks(own, 13) + Ticks(own, 14);
        foreach (var child in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(child), CultureInfo.InvariantCulture, out var id) || Stat(id) is not { } stat)
                continue;
            if (int.TryParse(stat[1], CultureInfo.InvariantCulture, out var parent) && parent == pid)
                ticks += Ticks(stat, 11) + Ticks(stat, 12);
        }
        return ticks / TicksPerSecond;
    }

    /// <summary>The fields of /proc/PID/stat after the pid: [0] is the command, [1] the parent pid,
    /// [11..14] utime, stime, cutime, cstime (proc(5) fields 14–17).</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            var command = text[(text.IndexOf('(') + 1)..close];
            var rest = text[(close + 2)..].Split(' ');
            return [command, .. rest[1..]];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(string[] stat, int field) => long.Parse(stat[field], CultureInfo.InvariantCulture);
}
