using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Hosting;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Host.Workers;
using Temporalio.Client;
using Geopera.Clip.Workflows.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Temporalio.Extensions.Hosting;
using Xunit;

namespace Geopera.Clip.Tests.Workflow.Workers;

/// <summary>The hosted workers resolve, offline, with the queues, workflow and activities the
/// workflow calls — a worker missing an activity would leave jobs waiting forever.</summary>
public sealed class ClipWorkerWiringTests : IDisposable
{
    private readonly string _storeRoot = Directory.CreateTempSubdirectory("clip-wiring-").FullName;

    public void Dispose() => Directory.Delete(_storeRoot, recursive: true);

    private ServiceProvider Build(params (string Key, string? Value)[] overrides) => OfflineWorkerServices.Build(_storeRoot, new()
    {
        ["Temporal:Address"] = "temporal.internal:7233",
        ["Temporal:Namespace"] = "clip-prod",
        ["Temporal:MainTaskQueue"] = "main-q",
        ["Temporal:WarpTaskQueue"] = "warp-q",
        ["Temporal:MaxConcurrentWarps"] = "3",
    }, overrides);

    // The hosting extension names each worker's options after its task queue (and build id, none
    // here) through an internal helper; calling it keeps this test on the extension's own naming.
    private static readonly System.Reflection.MethodInfo OptionsName =
        typeof(TemporalWorkerServiceOptions).GetMethod("GetUniqueOptionsName",
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        ?? throw new InvalidOperationException("Temporalio.Extensions.Hosting no longer has GetUniqueOptionsName; update this test.");

    private static TemporalWorkerServiceOptions Worker(ServiceProvider provider, string queue) =>
        provider.GetRequiredService<IOptionsMonitor<TemporalWorkerServiceOptions>>()
            .Get((string)OptionsName.Invoke(null, [queue, null])!);

    [Fact]
    public void Main_worker_runs_the_workflow_and_light_activities()
    {
        using var provider = Build();
        var main = Worker(provider, "main-q");
        Assert.Equal("main-q", main.TaskQueue);
        Assert.Equal(("temporal.internal:7233", "clip-prod"), (main.ClientOptions!.TargetHost, main.ClientOptions.Namespace));
        Assert.Equal(["ClipWorkflow"], main.Workflows.Select(w => w.Name));
        Assert.Equal(
            [ActivityNames.CloseJob, ActivityNames.DeleteOutputs, ActivityNames.RegisterArtifacts, ActivityNames.ReserveCredits, ActivityNames.ResolveAssets],
            main.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal(TemporalSettings.DefaultGracefulShutdown, main.GracefulShutdownTimeout);
    }

    [Fact]
    public void Warp_worker_runs_only_the_warp_bounded_by_configuration()
    {
        using var provider = Build();
        var warp = Worker(provider, "warp-q");
        Assert.Equal("warp-q", warp.TaskQueue);
        Assert.Empty(warp.Workflows);
        Assert.Equal([ActivityNames.Warp], warp.Activities.Select(a => a.Name));
        Assert.Equal(3, warp.MaxConcurrentActivities);
    }

    [Fact]
    public void Activity_classes_resolve()
    {
        using var provider = Build();
        Assert.NotNull(provider.GetRequiredService<DataPlatformActivities>());
        Assert.NotNull(provider.GetRequiredService<StorageActivities>());
        Assert.NotNull(provider.GetRequiredService<WarpActivities>());
    }

    [Fact]
    public void Graceful_shutdown_is_configurable()
    {
        using var provider = Build(("Temporal:GracefulShutdownSeconds", "2.5"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), Worker(provider, "warp-q").GracefulShutdownTimeout);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("45")]
    public void Host_waits_for_every_workers_grace_at_once(string seconds)
    {
        using var provider = Build(("Temporal:GracefulShutdownSeconds", seconds));
        var host = provider.GetRequiredService<IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value;
        Assert.True(host.ServicesStopConcurrently, "Workers stopped one after another share one shutdown budget.");
        Assert.Equal(TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) + ClipWorkerServiceCollectionExtensions.ShutdownCleanup,
            host.ShutdownTimeout);
    }

    [Fact]
    public void Zero_warps_means_one_per_core()
    {
        using var provider = Build(("Temporal:MaxConcurrentWarps", "0"));
        Assert.Equal(Environment.ProcessorCount, Worker(provider, "warp-q").MaxConcurrentActivities);
    }

    [Theory]
    [InlineData("false", "true", "warp-q", "main-q")]
    [InlineData("true", "false", "main-q", "warp-q")]
    public void Roles_switch_workers_on_and_off(string worker, string warpWorker, string running, string absent)
    {
        using var provider = Build(("Roles:Worker", worker), ("Roles:WarpWorker", warpWorker));
        Assert.Equal(running, Worker(provider, running).TaskQueue);
        Assert.Null(Worker(provider, absent).TaskQueue);
        Assert.Single(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<TemporalWorkerService>());
    }

    [Fact]
    public void Api_client_and_both_workers_connect_alike_with_tls_and_api_key()
    {
        var emptyToml = Path.Combine(_storeRoot, "temporal.toml");
        File.WriteAllText(emptyToml, "");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Clip"] = "Host=127.0.0.1;Port=1;Database=never_connected",
            ["Storage:LocalRoot"] = _storeRoot,
            ["Temporal:Address"] = "clip.a1b2c.tmprl.cloud:7233",
            ["Temporal:Namespace"] = "clip.a1b2c",
            ["Temporal:ApiKey"] = "cloud-key",
            ["Temporal:ConfigFile"] = emptyToml,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddClipServices(configuration);
        using var provider = services.BuildServiceProvider();

        var api = provider.GetRequiredService<ITemporalClient>();
        var apiConnection = api.Connection.Options;
        Assert.Equal(("clip.a1b2c.tmprl.cloud:7233", "clip.a1b2c", "cloud-key"), (apiConnection.TargetHost, api.Options.Namespace, apiConnection.ApiKey));
        Assert.NotNull(apiConnection.Tls);
        foreach (var queue in new[] { "clip-main", "clip-warp" })
        {
            var worker = Worker(provider, queue).ClientOptions!;
            Assert.Equal((apiConnection.TargetHost, "clip.a1b2c", "cloud-key"), (worker.TargetHost, worker.Namespace, worker.ApiKey));
            Assert.NotNull(worker.Tls);
        }
    }

    private ServiceProvider Composed(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Clip"] = "Host=127.0.0.1;Port=1;Database=never_connected",
            ["Storage:LocalRoot"] = _storeRoot,
            ["Temporal:Address"] = "temporal.internal:7233",
            ["Temporal:ConfigFile"] = Path.Combine(_storeRoot, "absent.toml"),
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddClipServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("0", -1)]
    public void One_setting_bounds_the_warp_worker_and_the_process_warp_slots(string configured, int expected)
    {
        using var provider = Composed(("Temporal:MaxConcurrentWarps", configured));
        var slots = expected > 0 ? expected : Environment.ProcessorCount;
        Assert.Equal((slots, slots), (Worker(provider, "clip-warp").MaxConcurrentActivities, provider.GetRequiredService<WarpSlots>().Count));
    }

    [Fact]
    public void The_retired_raster_warp_setting_is_refused_naming_its_replacement()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Composed(("Raster:MaxConcurrentWarps", "2")));
        Assert.Contains("Temporal:MaxConcurrentWarps", refused.Message);
    }

    [Theory]
    [InlineData("Temporal:WarpTaskQueue", "main-q")]
    [InlineData("Temporal:MaxConcurrentWarps", "-1")]
    [InlineData("Temporal:MainTaskQueue", " ")]
    [InlineData("Temporal:GracefulShutdownSeconds", "-1")]
    public void Inconsistent_settings_are_refused_at_startup(string key, string value) =>
        Assert.Throws<InvalidOperationException>(() => Build((key, value)));
}
