using System.Net;
using System.Net.Sockets;
using Geopera.Clip.Tests.Api;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>The API role with <c>Telemetry:MetricsPort</c> set: the host listens on that port too.</summary>
public sealed class MetricsPortHost : ApiTestHost
{
    public int MetricsPort { get; } = FreePort();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Telemetry:MetricsPort"] = MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>With a metrics port, <c>/metrics</c> is served there and nowhere else, and the op API
/// stays on the role's own port.</summary>
public sealed class MetricsPortTests(MetricsPortHost host) : IClassFixture<MetricsPortHost>
{
    [Fact]
    public async Task Metrics_answer_on_their_own_port_only_and_the_api_keeps_its_port()
    {
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.MetricsPort}") };
        var scrape = await metrics.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = new PrometheusText(await scrape.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("gauge", text.Types["clip_egress_circuit_state"]);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        Assert.NotEqual(host.MetricsPort, host.Http.BaseAddress!.Port);
        var created = await host.Http.OpAsync("clip.create_from_item", host.Tenant.FullKey, ApiCalls.CreateFromItemBody(host.Tenant), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
    }
}
