using Geopera.Clip.Host.Hosting;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Geopera.Clip.Bench.Common;

/// <summary>PostgreSQL's own pgbench, run against a database of the same server as the reference.</summary>
internal static partial class PgBench
{
    public const int ScaleFactor = 10;

    /// <summary>Create pgbench's tables in <paramref name="connectionString"/>'s database.</summary>
    public static Task InitializeAsync(string connectionString) =>
        RunAsync(connectionString, "-i", "-q", "-s", ScaleFactor.ToString(CultureInfo.InvariantCulture));

    /// <summary>Run pgbench with <paramref name="clients"/> for <paramref name="seconds"/> and return
    /// its transactions (and tps) excluding connection time. <paramref name="script"/> is a custom
    /// script file (-f, in <paramref name="protocol"/>), or null for the built-in simple-update (-N).</summary>
    public static async Task<(long Transactions, double Tps)> RunAsync(string connectionString, int clients, int seconds,
        string? script = null, string protocol = "simple", IReadOnlyList<string>? defines = null)
    {
        List<string> arguments = script is null ? ["-N"] : ["-n", "-M", protocol, "-f", script];
        foreach (var define in defines ?? [])
            arguments.AddRange(["-D", define]);
        arguments.AddRange(["-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Max(1, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture)]);
        var output = await RunAsync(connectionString, [.. arguments]);
        var tps = Tps().Match(output);
        var transactions = Transactions().Match(output);
        // -T counts the time pgbench takes to open its connections: on a busy machine 64 of them can
        // take the whole run, which then completes no transaction. Run again for twice as long.
        if (transactions.Success && transactions.Groups[1].Value == "0" && seconds < 60)
            return await RunAsync(connectionString, clients, seconds * 2, script, protocol, defines);
        if (!tps.Success || !transactions.Success)
            throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
        var failed = Failed().Match(output);
        if (failed.Success && failed.Groups[1].Value != "0")
            throw new InvalidOperationException($"pgbench reported failed transactions:\n{output}");
        return (long.Parse(transactions.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string Locate() =>
        ExecutableSearch.PostgresTool("pgbench")
        ?? throw new InvalidOperationException("pgbench not found: install postgresql-contrib (Debian) or put pgbench on PATH.");

    private static async Task<string> RunAsync(string connectionString, params string[] arguments)
    {
        var executable = Locate();
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

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex Transactions();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex Failed();
}
