using System.Diagnostics;
using System.Text.RegularExpressions;
using Geopera.Clip.Activities.Raster.Native;
using Geopera.Clip.Host.Dev;
using Geopera.Clip.Host.Verbs;
using Geopera.Clip.Tests.Api;
using Geopera.Clip.Tests.CommandLine;
using Geopera.Clip.Tests.Raster;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.Documentation;

/// <summary>
/// The README's example session, executed as written: its bash block runs in bash against the
/// real service (in-process job runner, or a Temporal server when one is available), seeded the
/// documented way (<c>seed docs/seed-format.example.json</c>) with a COG at the example's href,
/// exactly what a newcomer does outside <c>./clip dev</c>.
/// </summary>
public sealed partial class ReadmeSessionTests(ApiTestHost host) : IClassFixture<ApiTestHost>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_example_session_runs_as_written_against_the_documented_seed()
    {
        await SeedTheDocumentedExampleAsync();

        var session = await RunBashAsync(ExampleSession());

        Assert.True(session.Exit == 0, $"exit {session.Exit}\n{session.Error}\n{session.Output}");
        Assert.Contains("\"status\":\"completed\"", session.Output);
        Assert.Contains("\"organization_id\":\"org-demo\"", session.Output);
        using (var clip = GdalDataset.Open(_folder.File("harbour_clip_rgb.tif")))
            Assert.Equal("COG", clip!.Info().Layout);
        Assert.Equal(1024, new FileInfo(_folder.File("head.bin")).Length);
    }

    [Fact]
    public async Task A_failing_request_in_the_session_stops_it_with_the_problem_instead_of_saving_it()
    {
        // The session's own curl flags with a wrong key: --fail-with-body ends it at the first 401.
        var session = await RunBashAsync(ExampleSession().Replace(DemoSeed.ApiKey, "gpra_not_a_key_0000000000000000", StringComparison.Ordinal));

        Assert.NotEqual(0, session.Exit);
        Assert.Contains("401", session.Error);
        Assert.False(File.Exists(_folder.File("harbour_clip_rgb.tif")));
    }

    private async Task SeedTheDocumentedExampleAsync()
    {
        var connection = host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString;
        var seed = Path.Combine(BuiltHost.RepositoryRoot, "docs", "seed-format.example.json");
        Assert.Equal(0, await HostVerbs.RunAsync(["seed", seed, "--connection", connection], TextWriter.Null, TextWriter.Null));
        var raster = _folder.File("visual.tif");
        DemoRaster.Write(raster);
        await host.Store.PutFileAsync(DemoSeed.SourceBucket, DemoSeed.SourceKey, raster, "image/tiff", TestContext.Current.CancellationToken);
        File.Delete(raster);
    }

    /// <summary>The bash block under "## An example session" in README.md.</summary>
    internal static string ExampleSession()
    {
        var readme = File.ReadAllText(Path.Combine(BuiltHost.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("## An example session", StringComparison.Ordinal)..];
        return BashBlock().Match(section).Groups[1].Value;
    }

    private Task<BuiltHost.Run> RunBashAsync(string script)
    {
        // -e: the first failing command ends the session, as a newcomer would stop there.
        var start = new ProcessStartInfo("bash") { WorkingDirectory = _folder.Path, ArgumentList = { "-e" } };
        start.Environment["CLIP_URL"] = host.Http.BaseAddress!.ToString().TrimEnd('/');
        return BuiltHost.RunProcessAsync(start, script);
    }

    [GeneratedRegex("```bash\\s*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
