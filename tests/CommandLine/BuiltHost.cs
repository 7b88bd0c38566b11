using System.Diagnostics;
using Xunit;

namespace Geopera.Clip.Tests.CommandLine;

/// <summary>
/// The built host executable run as a user runs it: a separate process, started in a folder of the
/// test's choosing, so relative paths resolve against that folder exactly as they do from a shell.
/// </summary>
public static class BuiltHost
{
    /// <summary>The repository root (the folder holding the solution), found from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public sealed record Run(int Exit, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Task<Run> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Geopera.Clip.Host.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // The host reads these; the test's own settings must not leak into a verb that should use its options.
        start.Environment.Remove("CLIP_CONNECTION_STRING");
        return RunProcessAsync(start);
    }

    /// <summary>Runs <paramref name="start"/> to its end (killed after two minutes), feeding it
    /// <paramref name="input"/> on stdin, and returns its exit code and what it printed.</summary>
    public static async Task<Run> RunProcessAsync(ProcessStartInfo start, string? input = null)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Run(process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Geopera.Clip.Workflows.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No Geopera.Clip.Workflows.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
