using Geopera.Clip.Host.Hosting;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Geopera.Clip.Bench.Credits;

/// <summary>PostgreSQL's own pgbench, run against a database of the same server as the reference.</summary>
internal static partial class PgBench
{
    public const int ScaleFactor = 10;

    /// <summary>Initialise <paramref name="connectionString"/>'s database for pgbench, then run the
    /// simple-update script (-N) and return its transactions per second.</summary>
    public static async Task<double> SimpleUpdateTpsAsync(string connectionString, int clients, int seconds)
    {
        var executable = Locate();
        await RunAsync(executable, connectionString, "-i", "-q", "-s", ScaleFactor.ToString(CultureInfo.InvariantCulture));
        var output = await RunAsync(executable, connectionString, "-N", "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Max(1, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture));
        var match = Tps().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Locate() =>
        ExecutableSearch.PostgresTool("pgbench")
        ?? throw new InvalidOperationException("pgbench not found: install postgresql-contrib (Debian) or put pgbench on PATH.");

    private static async Task<string> RunAsync(string executable, string connectionString, params string[] arguments)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PGHOST"] = cs.Host ?? "127.0.0.1";
        start.Environment["PGPORT"] = cs.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username ?? "postgres";
        start.Environment["PGDATABASE"] = cs.Database ?? throw new ArgumentException("No database in the connection string.");
        if (cs.Password is { } password)
            start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pgbench {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stderr}");
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
