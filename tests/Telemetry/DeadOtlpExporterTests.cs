using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Geopera.Clip.Tests.Api;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>
/// A tracing backend that is down costs requests nothing: with OTEL_EXPORTER_OTLP_ENDPOINT on a
/// closed port, or on a port that accepts connections and never answers, a whole job runs and
/// reads answer as usual, and no error reaches the caller or the service's error log. The
/// exporter's timeout is raised to a minute, so a request that waited for an export would take
/// that long; the bound asserted is far below it yet generous for two loaded cores.
/// </summary>
public abstract class DeadOtlpExporterTests<THost>(THost host) where THost : DeadOtlpHost
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Requests_answer_promptly_and_without_error_while_the_exporter_cannot_deliver()
    {
        var jobId = await host.CompletedJobAsync(host.Tenant, "otlp_dead");
        await host.ExportStartedAsync();
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await host.Http.OpAsync("clip.job.get", host.Tenant.ReadKey, new { job_id = jobId });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(watch.Elapsed < Bound, $"clip.job.get took {watch.Elapsed} with a dead exporter");
        }
        Assert.Empty(host.Logs.ErrorsOfThisHost);
    }
}

public sealed class ClosedPortExporterTests(ClosedPortOtlpHost host) : DeadOtlpExporterTests<ClosedPortOtlpHost>(host), IClassFixture<ClosedPortOtlpHost>;

public sealed class SilentExporterTests(SilentOtlpHost host) : DeadOtlpExporterTests<SilentOtlpHost>(host), IClassFixture<SilentOtlpHost>;

/// <summary>The API host exporting spans to <see cref="Endpoint"/> every 100 ms, with a
/// one-minute export timeout (OpenTelemetry's OTEL_BSP_* and OTEL_EXPORTER_OTLP_* settings).</summary>
public abstract class DeadOtlpHost : ApiTestHost
{
    protected abstract string Endpoint { get; }

    /// <summary>Completes once an export is under way (where that can be seen).</summary>
    public virtual Task ExportStartedAsync() => Task.CompletedTask;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "60000",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
    };
}

/// <summary>OTLP endpoint on a loopback port nothing listens on: each export is refused at once.</summary>
public sealed class ClosedPortOtlpHost : DeadOtlpHost
{
    private readonly int _port = ClosedPort();

    protected override string Endpoint => $"http://127.0.0.1:{_port}";

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>OTLP endpoint on a listener that accepts every connection and never reads or answers
/// (a collector hung, or a firewall that swallows packets after the handshake).</summary>
public sealed class SilentOtlpHost : DeadOtlpHost
{
    private readonly TcpListener _listener = Started();
    private readonly List<Socket> _held = [];
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _accepting;

    protected override string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The exporter has connected and is waiting for an answer that never comes.</summary>
    public override Task ExportStartedAsync()
    {
        _accepting ??= AcceptAsync();
        return _accepted.Task.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                lock (_held)
                    _held.Add(socket);
                _accepted.TrySetResult();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener was stopped at the end of the class.
        }
    }

    private static TcpListener Started()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _listener.Stop();
        lock (_held)
            foreach (var socket in _held)
                socket.Dispose();
        if (_accepting is not null)
            await _accepting;
    }
}
