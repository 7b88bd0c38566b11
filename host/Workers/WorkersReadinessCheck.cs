using Geopera.Clip.Host.Health;

namespace Geopera.Clip.Host.Workers;

/// <summary>
/// Worker roles: every Temporal worker of this process has started and still runs. A worker's
/// run is the SDK's poll loop (TemporalWorker.ExecuteAsync), which returns or throws only when
/// polling stops: the connection failed at start, a fatal poll error (a deleted namespace), or
/// shutdown. Reachability of the server itself is the temporal check's.
/// </summary>
public sealed class WorkersReadinessCheck(HostedWorkers workers) : IReadinessCheck
{
    public string Name => "temporal-workers";

    public Task<ReadinessResult> CheckAsync(CancellationToken ct) => Task.FromResult(Check());

    private ReadinessResult Check()
    {
        foreach (var queue in workers.Queues)
        {
            var run = workers.Worker(queue)?.ExecuteTask;
            if (run is null)
                return ReadinessResult.Fail($"The worker of task queue '{queue}' has not started.",
                    "Wait for the host to finish starting; if this persists, a hosted service before it failed to start (see the service log).");
            if (run.IsFaulted)
                return ReadinessResult.Fail($"The worker of task queue '{queue}' failed and polls no more: {run.Exception!.GetBaseException().Message}",
                    "Fix the cause in the service log (usually the Temporal connection: Temporal:Address or TEMPORAL_ADDRESS, namespace, TLS or API key) and restart the process; the host stops and exits 1 so a supervisor restarts it.");
            if (run.IsCompleted)
                return ReadinessResult.Fail($"The worker of task queue '{queue}' has stopped polling.",
                    "The process is shutting down and its tasks go to other workers; restart it if it does not exit.");
        }
        return ReadinessResult.Pass($"polling task queue(s) {string.Join(", ", workers.Queues)}");
    }
}
