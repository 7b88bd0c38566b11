namespace Geopera.Clip.Host.Workers;

/// <summary>
/// Worker settings from configuration: <c>Temporal:Address</c>, <c>Temporal:Namespace</c>,
/// <c>Temporal:MainTaskQueue</c>, <c>Temporal:WarpTaskQueue</c>, <c>Temporal:MaxConcurrentWarps</c>
/// (0 = one per core), <c>Temporal:GracefulShutdownSeconds</c> (default 20) and the roles
/// <c>Roles:Worker</c> / <c>Roles:WarpWorker</c>, so the main
/// worker (workflow and light activities) and warp workers (CPU-heavy) scale apart.
/// </summary>
public sealed record ClipWorkerSettings(
    string Address,
    string Namespace,
    string MainTaskQueue,
    string WarpTaskQueue,
    int MaxConcurrentWarps,
    bool Worker,
    bool WarpWorker,
    TimeSpan GracefulShutdown)
{
    /// <summary>Default time a stopping worker gives running activities to finish before they are
    /// cancelled (a cancelled warp aborts GDAL, removes its scratch files and partial uploads, and
    /// is retried by another worker).</summary>
    public static readonly TimeSpan DefaultGracefulShutdown = TimeSpan.FromSeconds(20);

    public static ClipWorkerSettings From(IConfiguration configuration)
    {
        var settings = new ClipWorkerSettings(
            configuration["Temporal:Address"] ?? "127.0.0.1:7233",
            configuration["Temporal:Namespace"] ?? "default",
            configuration["Temporal:MainTaskQueue"] ?? "clip-main",
            configuration["Temporal:WarpTaskQueue"] ?? Workflows.ActivityPolicies.DefaultWarpTaskQueue,
            configuration.GetValue("Temporal:MaxConcurrentWarps", 0),
            configuration.GetValue("Roles:Worker", true),
            configuration.GetValue("Roles:WarpWorker", true),
            TimeSpan.FromSeconds(configuration.GetValue("Temporal:GracefulShutdownSeconds", DefaultGracefulShutdown.TotalSeconds)));
        settings.Validate();
        return settings;
    }

    /// <summary>Concurrent warps per warp worker: the configured number, or one per core.</summary>
    public int EffectiveMaxConcurrentWarps => MaxConcurrentWarps > 0 ? MaxConcurrentWarps : Environment.ProcessorCount;

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(MainTaskQueue) || string.IsNullOrWhiteSpace(WarpTaskQueue))
            throw new InvalidOperationException("Temporal:MainTaskQueue and Temporal:WarpTaskQueue must be set.");
        if (MainTaskQueue == WarpTaskQueue)
        {
            throw new InvalidOperationException(
                $"Temporal:MainTaskQueue and Temporal:WarpTaskQueue are both '{MainTaskQueue}'; give warps their own queue " +
                "so a main worker without the warp activity never picks them up.");
        }
        if (GracefulShutdown < TimeSpan.Zero)
            throw new InvalidOperationException("Temporal:GracefulShutdownSeconds must be 0 or positive.");
        if (MaxConcurrentWarps < 0)
            throw new InvalidOperationException("Temporal:MaxConcurrentWarps must be 0 (one per core) or positive.");
    }
}
