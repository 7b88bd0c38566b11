using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Tests.Raster;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.CommandLine;

/// <summary>
/// The host's verbs as a newcomer types them (README "Host verbs"): the built executable in its own
/// process, from the repository root and from another folder, with paths relative to that folder.
/// Usage errors are one line and exit 2; failures are one line (no stack trace) and exit 1.
/// </summary>
public sealed class HostCommandLineTests : IDisposable
{
    private readonly TempFolder _elsewhere = new();

    public void Dispose() => _elsewhere.Dispose();

    [Theory]
    [InlineData("serve")]
    [InlineData("dev")]
    [InlineData("migrate")]
    [InlineData("seed")]
    [InlineData("replay")]
    [InlineData("clip")]
    public async Task Every_verb_answers_help_with_exit_0_and_refuses_an_unknown_option_in_one_line(string verb)
    {
        var help = await BuiltHost.RunAsync(_elsewhere.Path, verb, "--help");
        Assert.Equal(0, help.Exit);
        Assert.Contains($"Geopera.Clip.Host {verb}", help.Output);
        Assert.Contains("--verbose", help.Output);

        var bad = await BuiltHost.RunAsync(_elsewhere.Path, verb, "--no-such-option", "x");
        Assert.Equal(2, bad.Exit);
        var line = Assert.Single(bad.ErrorLines);
        Assert.StartsWith($"{verb}: ", line);
        Assert.Contains("'--no-such-option'", line);
        Assert.EndsWith($"See '{verb} --help'.", line);
        Assert.Equal("", bad.Output);
    }

    [Theory]
    [InlineData("--help", 0)]
    [InlineData("no-such-verb", 2)]
    public async Task The_host_without_a_known_verb_lists_the_verbs(string arg, int exit)
    {
        var run = await BuiltHost.RunAsync(_elsewhere.Path, arg);
        Assert.Equal(exit, run.Exit);
        foreach (var verb in new[] { "serve", "dev", "migrate", "seed", "replay", "clip" })
            Assert.Contains(verb, run.Output + run.Error);
    }

    [Fact]
    public async Task Replay_reads_a_history_relative_to_the_repository_root()
    {
        var run = await BuiltHost.RunAsync(BuiltHost.RepositoryRoot, "replay", Path.Combine("tests", "histories", "one-asset-completed.json"));
        Assert.True(run.Exit == 0, run.Error);
        Assert.StartsWith("OK", run.Output);
    }

    [Fact]
    public async Task Replay_reads_a_history_relative_to_another_folder()
    {
        File.Copy(Path.Combine(BuiltHost.RepositoryRoot, "tests", "histories", "one-asset-completed.json"), _elsewhere.File("mine.json"));
        var run = await BuiltHost.RunAsync(_elsewhere.Path, "replay", "mine.json");
        Assert.True(run.Exit == 0, run.Error);

        var missing = await BuiltHost.RunAsync(_elsewhere.Path, "replay", "absent.json");
        Assert.Equal(2, missing.Exit);
        Assert.Contains(_elsewhere.File("absent.json"), Assert.Single(missing.ErrorLines));
    }

    [Fact]
    public async Task Clip_reads_and_writes_relative_to_another_folder()
    {
        var source = TestRasters.Create(_elsewhere.Path, new RasterSpec("here", 4326, 3));
        await File.WriteAllTextAsync(_elsewhere.File("aoi.geojson"), TestAois.Box(TestRasters.LonLatBounds(source), 0.2, 0.2, 0.8, 0.8), TestContext.Current.CancellationToken);

        var run = await BuiltHost.RunAsync(_elsewhere.Path, "clip", "--source", Path.GetFileName(source), "--aoi", "aoi.geojson", "--out", "out.tif");

        Assert.True(run.Exit == 0, run.Error);
        Assert.True(File.Exists(_elsewhere.File("out.tif")), run.Output);
    }

    [Fact]
    public async Task Seed_reads_a_file_relative_to_another_folder_and_migrate_creates_the_database_it_names()
    {
        var name = PostgresDatabases.UniqueName("clip_test_cli");
        var connection = new NpgsqlConnectionStringBuilder(PostgresDatabaseFixture.ServerConnectionString) { Database = name }.ConnectionString;
        await File.WriteAllTextAsync(_elsewhere.File("my-seed.json"), """
            {"organizations":[{"id":"org-cli","name":"CLI","credit_limit":10}]}
            """, TestContext.Current.CancellationToken);
        try
        {
            var missing = await BuiltHost.RunAsync(_elsewhere.Path, "migrate", "--connection", connection);
            Assert.Equal(1, missing.Exit);
            var line = Assert.Single(missing.ErrorLines, l => l.Trim().Length > 0);
            Assert.Contains("--create-database", line);
            Assert.DoesNotContain("   at ", missing.Error);

            var verbose = await BuiltHost.RunAsync(_elsewhere.Path, "migrate", "--connection", connection, "--verbose");
            Assert.Equal(1, verbose.Exit);
            Assert.Contains("   at ", verbose.Output + verbose.Error);

            Assert.Equal(0, (await BuiltHost.RunAsync(_elsewhere.Path, "migrate", "--connection", connection, "--create-database")).Exit);
            var seeded = await BuiltHost.RunAsync(_elsewhere.Path, "seed", "my-seed.json", "--connection", connection);
            Assert.True(seeded.Exit == 0, seeded.Error + seeded.Output);
            Assert.Contains("Seed applied", seeded.Output);
        }
        finally
        {
            await PostgresDatabases.DropAsync(PostgresDatabaseFixture.ServerConnectionString, name, TestContext.Current.CancellationToken);
        }
    }
}
