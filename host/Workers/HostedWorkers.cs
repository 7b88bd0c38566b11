using System.Collections.Concurrent;

namespace Geopera.Clip.Host.Workers;

/// <summary>
/// The Temporal workers this process hosts, by task queue, so <c>/readyz</c> can say which one is
/// not running. The hosting package makes each worker through a factory and keeps its task queue
/// to itself, so the registration records the worker as the factory makes it.
/// </summary>
public sealed class HostedWorkers(IEnumerable<string> queues)
{
    private readonly ConcurrentDictionary<string, BackgroundService> _made = new();

    /// <summary>Task queues of the workers registered, in registration order.</summary>
    public IReadOnlyList<string> Queues { get; } = [.. queues];

    /// <summary>The worker of <paramref name="queue"/> once the host made it, else null.</summary>
    public BackgroundService? Worker(string queue) => _made.GetValueOrDefault(queue);

    internal IHostedService Made(string queue, IHostedService worker)
    {
        _made[queue] = (BackgroundService)worker;
        return worker;
    }
}
