using System.Net;
using System.Net.Sockets;
using Geopera.Clip.Tests.Api;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>The API role with <c>Telemetry:MetricsPort</c> set: the host listens on that port too.
/// A port found free may be taken by another process before Kestrel binds it; the host then starts
/// again on another (<see cref="ApiTestHost.TakeOtherPorts"/>).</summary>
public class MetricsPortHost : ApiTestHost
{
    public MetricsPortHost() : this(FreePort())
    {
    }

    protected MetricsPortHost(int firstPort) => MetricsPort = firstPort;

    public int MetricsPort { get; private set; }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Telemetry:MetricsPort"] = MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override bool TakeOtherPorts()
    {
        MetricsPort = FreePort();
        return true;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>A metrics host whose first port is held by another listener (on every address, as
/// Kestrel binds <c>http://*:PORT</c>) for the host's whole life.</summary>
public sealed class TakenMetricsPortHost : MetricsPortHost
{
    public TakenMetricsPortHost() : this(Hold())
    {
    }

    private TakenMetricsPortHost(TcpListener held) : base(((IPEndPoint)held.LocalEndpoint).Port) => Held = held;

    public TcpListener Held { get; }

    public int TakenPort => ((IPEndPoint)Held.LocalEndpoint).Port;

    private static TcpListener Hold()
    {
        var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return listener;
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

/// <summary>The metrics port the host first picked was taken before it bound it: it starts on another.</summary>
public sealed class TakenMetricsPortTests(TakenMetricsPortHost host) : IClassFixture<TakenMetricsPortHost>
{
    [Fact]
    public async Task A_taken_metrics_port_is_replaced_and_metrics_answer_on_the_new_one()
    {
        try
        {
            Assert.NotEqual(host.TakenPort, host.MetricsPort);
            using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.MetricsPort}") };
            Assert.Equal(HttpStatusCode.OK, (await metrics.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            host.Held.Stop();
        }
    }
}
