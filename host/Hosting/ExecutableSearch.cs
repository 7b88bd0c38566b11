namespace Geopera.Clip.Host.Hosting;

/// <summary>Finds the external programs the service and its tools drive (temporal, initdb,
/// pg_ctl, pgbench): on PATH first, PostgreSQL's also in Debian's versioned folders.</summary>
public static class ExecutableSearch
{
    private const string DebianPostgresRoot = "/usr/lib/postgresql";

    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>A PostgreSQL program: the newest Debian-packaged version's real binary (PATH's
    /// /usr/bin entries there are pg_wrapper links that only some tools accept), else PATH's.</summary>
    public static string? PostgresTool(string name)
    {
        var packaged = Directory.Exists(DebianPostgresRoot)
            ? Directory.GetDirectories(DebianPostgresRoot)
                .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var v) ? v : -1, Tool: Path.Combine(version, "bin", name)))
                .Where(candidate => File.Exists(candidate.Tool))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Tool)
                .FirstOrDefault()
            : null;
        return packaged ?? OnPath(name);
    }
}
