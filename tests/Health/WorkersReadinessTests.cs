using Geopera.Clip.Host.Health;
using Geopera.Clip.Host.Workers;
using Geopera.Clip.Tests.Workflow.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Geopera.Clip.Tests.Health;

/// <summary>The workers' readiness check on the service's own worker wiring: a worker that has not
/// started, one that failed to start (no Temporal to connect to), and one that stopped polling
/// each fail the check naming the task queue and what to do; only worker roles register it.</summary>
public sealed class WorkersReadinessTests : IDisposable
{
    private readonly string _storeRoot = Directory.CreateTempSubdirectory("clip-ready-workers-").FullName;

    public void Dispose() => Directory.Delete(_storeRoot, recursive: true);

    [Fact]
    public async Task Workers_the_host_has_not_started_fail_the_check()
    {
        using var provider = Build();
        _ = provider.GetServices<IHostedService>().ToList();

        var result = await Check(provider).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.Equal("The worker of task queue 'main-q' has not started.", result.Detail);
        Assert.NotNull(result.Action);
    }

    [Fact]
    public async Task A_worker_that_could_not_connect_fails_the_check_with_its_error()
    {
        using var provider = Build(("Roles:Worker", "false"));
        var worker = provider.GetServices<IHostedService>().OfType<BackgroundService>().Single();

        await worker.StartAsync(TestContext.Current.CancellationToken);
        // The worker connects first; nothing listens on port 1, so its run fails (as it does when
        // the host starts a worker role while Temporal is down).
        await Assert.ThrowsAnyAsync<Exception>(() => worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        var result = await Check(provider).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.StartsWith("The worker of task queue 'warp-q' failed and polls no more: ", result.Detail);
        Assert.Contains(worker.ExecuteTask!.Exception!.GetBaseException().Message, result.Detail);
        Assert.Contains("Temporal:Address", result.Action);
    }

    [Fact]
    public async Task A_worker_whose_run_ended_has_stopped_polling_and_one_still_running_passes()
    {
        using var running = new Scripted(Timeout.InfiniteTimeSpan);
        using var ended = new Scripted(TimeSpan.Zero);
        var workers = new HostedWorkers(["main-q", "warp-q"]);
        workers.Made("main-q", running);
        workers.Made("warp-q", ended);
        await running.StartAsync(TestContext.Current.CancellationToken);
        await ended.StartAsync(TestContext.Current.CancellationToken);
        await ended.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        var result = await new WorkersReadinessCheck(workers).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.Equal("The worker of task queue 'warp-q' has stopped polling.", result.Detail);
        var onlyRunning = new HostedWorkers(["main-q"]);
        onlyRunning.Made("main-q", running);
        var passing = await new WorkersReadinessCheck(onlyRunning).CheckAsync(TestContext.Current.CancellationToken);
        Assert.True(passing.Ready);
        Assert.Equal("polling task queue(s) main-q", passing.Detail);
        await running.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Roles_without_workers_do_not_register_the_check()
    {
        using var provider = Build(("Roles:Worker", "false"), ("Roles:WarpWorker", "false"));
        Assert.DoesNotContain(provider.GetServices<IReadinessCheck>(), c => c is WorkersReadinessCheck);
    }

    private static WorkersReadinessCheck Check(ServiceProvider provider) =>
        provider.GetServices<IReadinessCheck>().OfType<WorkersReadinessCheck>().Single();

    private ServiceProvider Build(params (string Key, string? Value)[] overrides) => OfflineWorkerServices.Build(_storeRoot, new()
    {
        ["Temporal:Address"] = "127.0.0.1:1",
        ["Temporal:MainTaskQueue"] = "main-q",
        ["Temporal:WarpTaskQueue"] = "warp-q",
    }, overrides);

    /// <summary>A hosted service whose run lasts as long as it is told.</summary>
    private sealed class Scripted(TimeSpan runFor) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(runFor, stoppingToken);
    }
}
