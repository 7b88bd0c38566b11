using System.Diagnostics;
using Xunit;

namespace Geopera.Clip.Tests.Infrastructure;

/// <summary>A small tmpfs mounted over a folder: a real full disk for the tests that need one.
/// Mounting needs root (CAP_SYS_ADMIN); elsewhere the test reports itself skipped.</summary>
public sealed class Tmpfs : IAsyncDisposable
{
    private readonly string _path;

    private Tmpfs(string path) => _path = path;

    public static async Task<Tmpfs> MountAsync(string path, string size)
    {
        Directory.CreateDirectory(path);
        if (!await RunAsync("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path))
            Assert.Skip("Mounting a tmpfs needs root (CAP_SYS_ADMIN); the full-disk fault cannot be made here.");
        return new Tmpfs(path);
    }

    /// <summary>Writes a file until the disk refuses (ENOSPC).</summary>
    public async Task FillAsync()
    {
        await using var filler = File.Create(Path.Combine(_path, "filler"));
        var block = new byte[4096];
        try
        {
            while (true)
                await filler.WriteAsync(block, TestContext.Current.CancellationToken);
        }
        catch (IOException)
        {
            // full
        }
    }

    public async ValueTask DisposeAsync() => await RunAsync("umount", _path);

    private static async Task<bool> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(CancellationToken.None);
        return process.ExitCode == 0;
    }
}
