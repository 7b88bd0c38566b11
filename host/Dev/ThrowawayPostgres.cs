using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Geopera.Clip.Host.Hosting;

namespace Geopera.Clip.Host.Dev;

/// <summary>
/// A PostgreSQL cluster made with initdb in a temporary folder, listening on loopback only, removed
/// on dispose. PostgreSQL refuses to run as root, so as root the cluster belongs to 'postgres'.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly string _folder;
    private readonly bool _runAsPostgresUser;

    private ThrowawayPostgres(string binDirectory, string folder, bool runAsPostgresUser)
    {
        _binDirectory = binDirectory;
        _folder = folder;
        _runAsPostgresUser = runAsPostgresUser;
    }

    /// <summary>How many ports a start tries before it gives up.</summary>
    public const int PortAttempts = 5;

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>Start a cluster; <paramref name="serverSettings"/> are extra <c>name=value</c> server
    /// settings (benchmarks size max_connections and turn durability off as the test server does).
    /// PostgreSQL cannot be asked for "any free port", and a port found free may be taken by another
    /// process before the server binds it, so a start whose bind fails takes the next port of
    /// <paramref name="ports"/> (default: ports the kernel just handed out), up to <see cref="PortAttempts"/>.</summary>
    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken ct, IReadOnlyList<string>? serverSettings = null, IEnumerable<int>? ports = null)
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (apt-get install postgresql) " +
            "or pass --connection with a connection string to an existing server.");
        var folder = Directory.CreateTempSubdirectory("geopera-clip-pg-").FullName;
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
            await RunAsync("chown", ["postgres", folder], ct);
        var server = new ThrowawayPostgres(bin, folder, asPostgres);
        try
        {
            await server.RunPostgresToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8"], ct);
            await server.StartOnAFreePortAsync(ports ?? FreeLoopbackPorts(), serverSettings ?? [], ct);
            await server.RunPostgresToolAsync("createdb", ["-h", "127.0.0.1", "-p", server.Port.ToString(), "-U", "postgres", "geopera_clip"], ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartOnAFreePortAsync(IEnumerable<int> ports, IReadOnlyList<string> serverSettings, CancellationToken ct)
    {
        var tried = new List<int>();
        foreach (var port in ports.Take(PortAttempts))
        {
            Port = port;
            tried.Add(port);
            var logBefore = LogLength();
            try
            {
                await RunPostgresToolAsync("pg_ctl",
                    ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", ServerOptions(port, _folder, serverSettings), "start"], ct);
                return;
            }
            catch (InvalidOperationException) when (BindFailedSince(logBefore))
            {
                // Another process took the port: try the next one.
            }
        }
        throw new InvalidOperationException(
            $"PostgreSQL could not bind any of the loopback ports {string.Join(", ", tried)}: other processes hold them. Start again, or pass --connection with an existing server.");
    }

    private string LogFile => Path.Combine(_folder, "server.log");

    private long LogLength() => File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

    // What PostgreSQL logs when its port is taken (postmaster.c, pqcomm.c), in this attempt's part of
    // the log; any other start failure is not retried.
    private bool BindFailedSince(long offset)
    {
        if (!File.Exists(LogFile))
            return false;
        using var log = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(log);
        var text = reader.ReadToEnd();
        return text.Contains("could not bind", StringComparison.Ordinal) || text.Contains("could not create any TCP/IP sockets", StringComparison.Ordinal);
    }

    private string DataDirectory => Path.Combine(_folder, "data");

    // Later settings win, so the caller's max_connections replaces the default one.
    private static string ServerOptions(int port, string folder, IReadOnlyList<string> settings) =>
        string.Join(' ', [$"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=200", .. settings.Select(s => "-c " + s)]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped or never started: the folder is removed either way.
        }
        Directory.Delete(_folder, recursive: true);
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _runAsPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args], ct)
            : RunAsync(path, args, ct);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }

    // Symlinks resolved: pg_ctl and createdb are found beside the real initdb.
    private static string? FindBinDirectory() =>
        ExecutableSearch.PostgresTool("initdb") is { } initdb
            ? Path.GetDirectoryName(new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb)
            : null;

    private static IEnumerable<int> FreeLoopbackPorts()
    {
        while (true)
        {
            int port;
            // Closed before the port is handed out, or the server could never bind it.
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            yield return port;
        }
    }
}
