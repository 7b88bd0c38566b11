using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Geopera.Clip.Host.Hosting;
using Npgsql;

namespace Geopera.Clip.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test class's own (initdb in a temp folder, loopback, a port of its
/// own) that the test stops, kills, freezes, holds in start-up and brings back, so the faults never
/// reach the shared <c>CLIP_TEST_POSTGRES</c> server other classes use. The faults are the real
/// ones: <c>pg_ctl stop</c>; SIGKILL of the postmaster; SIGSTOP of the postmaster and every
/// backend (connections are still accepted by the kernel, nothing answers); and a standby with
/// <c>hot_standby=off</c>, which refuses every connection with 57P03 cannot_connect_now as a
/// server still starting up does (postmaster.c, canAcceptConnections), until promoted.
/// PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user.
/// </summary>
public sealed class FaultablePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgres;
    private readonly List<int> _frozen = [];

    private FaultablePostgres(string bin, string folder, bool asPostgres) =>
        (_bin, _folder, _asPostgres) = (bin, folder, asPostgres);

    public int Port { get; private set; }

    /// <summary>Unpooled: the test's own administrative connections must not outlive a restart in a pool.</summary>
    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    private string DataDirectory => Path.Combine(_folder, "data");

    public static async Task<FaultablePostgres> StartAsync()
    {
        var initdb = ExecutableSearch.PostgresTool("initdb")
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) were not found: apt-get install postgresql.");
        var bin = Path.GetDirectoryName(new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb)!;
        var folder = Directory.CreateTempSubdirectory("clip-faulty-pg-").FullName;
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
            await RunAsync("chown", ["postgres", folder]);
        var server = new FaultablePostgres(bin, folder, asPostgres);
        await server.ToolAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8");
        // The port is free when the kernel hands it out, but another run may bind it before the
        // server does: then another one is taken, as ./clip does.
        for (var attempt = 1; ; attempt++)
        {
            server.Port = FreePort();
            try
            {
                await server.StartServerAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5 && File.ReadAllText(Path.Combine(folder, "server.log")).Contains("could not bind", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>Start (or restart) on the same port; waits until connections are accepted.</summary>
    public Task StartServerAsync(params string[] settings) =>
        ToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o",
            string.Join(' ', [$"-h 127.0.0.1 -p {Port} -k {_folder} -c max_connections=60 -c fsync=off", .. settings.Select(s => "-c " + s)]),
            "start");

    /// <summary>A clean shutdown (pg_ctl's fast mode: sessions are ended, new ones refused).</summary>
    public Task StopAsync() => ToolAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    /// <summary>SIGKILL of the postmaster, as the OOM killer does; waits until its backends have
    /// noticed and exited, so a restart finds no shared memory still in use.</summary>
    public async Task KillAsync()
    {
        var postmaster = PostmasterPid();
        var backends = Descendants(postmaster);
        Process.GetProcessById(postmaster).Kill();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((backends.Prepend(postmaster)).Any(Alive))
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException("PostgreSQL's backends did not exit within 30 s of the postmaster's death.");
            await Task.Delay(50);
        }
        // The dead postmaster stays a zombie until someone reaps it (a container's init may not),
        // and PostgreSQL takes a zombie's pid in its lock files for a live server: remove them.
        File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
        File.Delete(Path.Combine(_folder, $".s.PGSQL.{Port}.lock"));
    }

    /// <summary>SIGSTOP to the postmaster and every backend: the port still accepts connections
    /// (the kernel completes the handshake) but nothing answers, as on a frozen host.</summary>
    public async Task FreezeAsync()
    {
        var postmaster = PostmasterPid();
        await SignalAsync("STOP", postmaster); // first, so it forks nothing meanwhile
        var backends = Descendants(postmaster);
        foreach (var pid in backends)
            await SignalAsync("STOP", pid);
        _frozen.AddRange(backends.Prepend(postmaster));
    }

    public async Task ThawAsync()
    {
        foreach (var pid in _frozen)
            await SignalAsync("CONT", pid);
        _frozen.Clear();
    }

    /// <summary>Restart as a standby that accepts no connections (57P03) until <see cref="PromoteAsync"/>.</summary>
    public async Task HoldInStartupAsync()
    {
        await StopAsync();
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "standby.signal"), "");
        if (_asPostgres)
            await RunAsync("chown", ["postgres", Path.Combine(DataDirectory, "standby.signal")]);
        await StartServerAsync("hot_standby=off");
    }

    /// <summary>Ends recovery: the server accepts connections again.</summary>
    public Task PromoteAsync() => ToolAsync("pg_ctl", "-D", DataDirectory, "-w", "-t", "60", "promote");

    /// <summary>The SQLSTATE a fresh connection is refused with, or null when it is served.</summary>
    public async Task<string?> RefusalAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString + ";Timeout=5");
            await connection.OpenAsync();
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ThawAsync();
        try
        {
            await ToolAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a test killed it): the folder goes either way.
        }
        Directory.Delete(_folder, recursive: true);
    }

    private int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    /// <summary>Children of <paramref name="parent"/> and theirs, from /proc (the 4th field of
    /// /proc/PID/stat is the parent's pid; the name before it is in parentheses and may hold spaces).</summary>
    private static List<int> Descendants(int parent)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // exited meanwhile
            }
        }
        var found = new List<int>();
        var queue = new Queue<int>([parent]);
        while (queue.TryDequeue(out var current))
            foreach (var (pid, ppid) in parents)
                if (ppid == current)
                {
                    found.Add(pid);
                    queue.Enqueue(pid);
                }
        return found;
    }

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static Task SignalAsync(string signal, int pid) => RunAsync("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);

    private Task ToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgres ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
    }

    /// <summary>A port the kernel just handed out; PostgreSQL cannot be asked for "any free port".</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
