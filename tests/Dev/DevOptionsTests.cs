using Geopera.Clip.Host.Dev;
using Xunit;

namespace Geopera.Clip.Tests.Dev;

public sealed class DevOptionsTests
{
    [Fact]
    public void Defaults_run_everything_locally()
    {
        var options = DevOptions.Parse([]);
        Assert.Null(options.Problem);
        Assert.Null(options.Connection);
        Assert.Null(options.TemporalAddress);
        Assert.Equal(Path.Combine(".dev", "storage"), options.StorageRoot);
        Assert.Equal(DevOptions.DefaultUrls, options.Urls);
        Assert.Equal(DevOptions.DefaultUiPort, options.UiPort);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = DevOptions.Parse(["--connection", "Host=db", "--temporal", "t:7233", "--storage", "/data", "--urls", "http://127.0.0.1:9000", "--ui-port", "9233"]);
        Assert.Null(options.Problem);
        Assert.Equal(("Host=db", "t:7233", "/data", "http://127.0.0.1:9000", 9233),
            (options.Connection, options.TemporalAddress, options.StorageRoot, options.Urls, options.UiPort));
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unknown option")]
    [InlineData(new[] { "--temporal" }, "needs a value")]
    [InlineData(new[] { "--ui-port", "http" }, "--ui-port must be a port number")]
    [InlineData(new[] { "--ui-port", "70000" }, "--ui-port must be a port number")]
    public void Bad_options_are_named(string[] args, string problem)
    {
        Assert.Contains(problem, DevOptions.Parse(args).Problem);
    }
}
