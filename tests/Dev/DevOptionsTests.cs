using Geopera.Clip.Host.Dev;
using Geopera.Clip.Host.Verbs;
using Xunit;

namespace Geopera.Clip.Tests.Dev;

/// <summary>What <c>dev</c> reads from its command line (the stack itself is not started).</summary>
public sealed class DevOptionsTests
{
    [Fact]
    public async Task Defaults_run_everything_locally()
    {
        var (exit, options, _) = await ParseAsync();
        Assert.Equal(0, exit);
        Assert.Equal(new DevOptions(null, null, Path.Combine(".dev", "storage"), DevOptions.DefaultUrls, DevOptions.DefaultUiPort), options);
    }

    [Fact]
    public async Task Every_option_is_read()
    {
        var (_, options, _) = await ParseAsync("--connection", "Host=db", "--temporal", "t:7233", "--storage", "/data", "--urls", "http://127.0.0.1:9000", "--ui-port", "9233");
        Assert.Equal(new DevOptions("Host=db", "t:7233", "/data", "http://127.0.0.1:9000", 9233), options);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "--temporal" }, "Required argument missing for option: '--temporal'")]
    [InlineData(new[] { "--ui-port", "http" }, "--ui-port must be a port number from 1 to 65535, not 'http'")]
    [InlineData(new[] { "--ui-port", "70000" }, "--ui-port must be a port number from 1 to 65535, not '70000'")]
    public async Task Bad_options_are_named_in_one_line_and_nothing_runs(string[] args, string problem)
    {
        var (exit, options, error) = await ParseAsync(args);
        Assert.Equal((2, null), (exit, options));
        Assert.Equal($"dev: {problem}. See 'dev --help'.", error.TrimEnd());
    }

    private static async Task<(int Exit, DevOptions? Options, string Error)> ParseAsync(params string[] args)
    {
        DevOptions? seen = null;
        var command = DevVerb.Command((options, _) =>
        {
            seen = options;
            return Task.FromResult(0);
        });
        var error = new StringWriter();
        var exit = await HostVerbs.RunAsync(command, args, TextWriter.Null, error);
        return (exit, seen, error.ToString());
    }
}
