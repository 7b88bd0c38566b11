namespace Geopera.Clip.Host.Hosting;

/// <summary>
/// The process exit code once the host has stopped. A failed background service (a Temporal worker
/// that cannot reach its server, say) stops the host, but the host then returns normally; without
/// this, `serve` would exit 0 and a supervisor would not know to restart it.
/// </summary>
public static class HostExit
{
    public static int Code(IServiceProvider services)
    {
        var failed = services.GetServices<IHostedService>()
            .OfType<BackgroundService>()
            .Where(service => service.ExecuteTask is { IsFaulted: true })
            .Select(service => $"{service.GetType().Name}: {service.ExecuteTask!.Exception!.GetBaseException().Message}")
            .ToList();
        if (failed.Count == 0)
            return 0;
        Console.Error.WriteLine($"Stopped because a background service failed: {string.Join("; ", failed)}. " +
            "Check the Temporal connection (Temporal:Address or TEMPORAL_ADDRESS, namespace, TLS or API key) and that the server is up, then start again.");
        return 1;
    }
}
