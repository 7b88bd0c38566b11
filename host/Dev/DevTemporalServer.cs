using Geopera.Clip.Host.Hosting;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Client;
using Temporalio.Testing;

namespace Geopera.Clip.Host.Dev;

/// <summary>
/// The Temporal server `host dev` runs against: one the user points at, else a dev server from a
/// `temporal` binary on PATH, else the SDK's download of it (which needs the internet). The dev
/// server runs with the UI on and the clip search attributes registered.
/// </summary>
public sealed class DevTemporalServer : IAsyncDisposable
{
    private readonly WorkflowEnvironment? _environment;

    private DevTemporalServer(string address, string? uiUrl, string origin, WorkflowEnvironment? environment)
    {
        Address = address;
        UiUrl = uiUrl;
        Origin = origin;
        _environment = environment;
    }

    public string Address { get; }
    public string? UiUrl { get; }
    public string Origin { get; }

    /// <summary>A server the user points at; checked up front so an unreachable address is
    /// reported plainly instead of as a worker crash after start-up.</summary>
    public static async Task<DevTemporalServer> ExistingAsync(string address)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            // Connected as the service will connect (TLS, API key and namespace from the environment too).
            var connect = ClipTemporalConnection.ConnectOptions(
                TemporalSettings.FromAppSettings(new Dictionary<string, string?> { ["Temporal:Address"] = address }));
            var client = await TemporalClient.ConnectAsync(connect).WaitAsync(timeout.Token);
            await client.Connection.CheckHealthAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DevTemporalUnavailableException($"The Temporal server at {address} is not reachable ({e.Message}).", e);
        }
        return new DevTemporalServer(address, null, $"the server at {address}", null);
    }

    /// <summary>Starts a local dev server; throws <see cref="DevTemporalUnavailableException"/>
    /// with what to do when none can be had.</summary>
    public static async Task<DevTemporalServer> StartLocalAsync(int uiPort)
    {
        var binary = ExecutableSearch.OnPath("temporal");
        var options = new WorkflowEnvironmentStartLocalOptions
        {
            UI = true,
            UIPort = uiPort,
            SearchAttributes = ClipSearchAttributes.All,
            DevServerOptions = new DevServerOptions { ExistingPath = binary, LogLevel = "warn" },
        };
        try
        {
            var environment = await WorkflowEnvironment.StartLocalAsync(options);
            var origin = binary is null ? "the SDK's downloaded dev server" : $"the dev server from {binary}";
            return new DevTemporalServer(environment.Client.Connection.Options.TargetHost ?? "", $"http://127.0.0.1:{uiPort}", origin, environment);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DevTemporalUnavailableException(
                (binary is null
                    ? "No `temporal` binary is on PATH and the SDK could not download the Temporal dev server"
                    : $"The Temporal dev server at {binary} did not start") + $" ({e.Message}).", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_environment is not null)
            await _environment.ShutdownAsync();
    }
}

/// <summary>No Temporal server could be had; the message says why.</summary>
public sealed class DevTemporalUnavailableException(string message, Exception inner) : Exception(message, inner);
