using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Hosting;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Tests.Api.Contract;
using Geopera.Clip.Tests.Api.Temporal;
using Geopera.Clip.Tests.EndToEnd;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Tests.Raster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>
/// The real service on Kestrel (127.0.0.1, random port) over a fresh PostgreSQL database, a local
/// object store in a temp folder and a generated source COG. The job runner is a real Temporal
/// server with the service's own workers when one is available (TEMPORAL_ADDRESS, or a `temporal`
/// binary on PATH, as for the end-to-end suite), else the in-process runner. One per test class.
/// </summary>
public class ApiTestHost : IAsyncLifetime
{
    private PostgresDatabaseFixture? _database;
    private TemporalTestServer? _temporal;
    private readonly TempFolder _folder = new();
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;
    /// <summary>Checks every operation answer <see cref="Http"/> receives against the served OpenAPI document.</summary>
    public OpenApiConformance Conformance { get; private set; } = null!;
    public ApiSeed Seed { get; private set; } = null!;
    public FaultInjectingObjectStore Store { get; private set; } = null!;
    /// <summary>The in-process runner behind the scripted Temporal boundary, or null when the tests
    /// run against a real Temporal server.</summary>
    public InProcessClipJobGateway? Gateway { get; private set; }

    /// <summary>The scripted Temporal boundary the service's gateway talks to, when no server is used.</summary>
    internal InProcessTemporal? Boundary { get; private set; }

    /// <summary>Which job runner the tests of this host use; also sent as a diagnostic message.</summary>
    public string Runner { get; private set; } = "";
    public string SourceCog { get; private set; } = "";
    public string StorageRoot => Path.Combine(_folder.Path, "storage");
    public Tenant Tenant { get; private set; } = null!;
    public Tenant Other { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    /// <summary>Every error the service logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Configuration a test class needs on top of the defaults (e.g. tighter egress limits).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>The connection string the service is given (e.g. with a password the tests look for in its logs).</summary>
    protected virtual string ServiceConnectionString(string database) => database;

    /// <summary>The PostgreSQL server the test database is made on (the shared test server unless a
    /// class brings its own, e.g. one it stops and freezes).</summary>
    protected virtual ValueTask<string> DatabaseServerAsync() => ValueTask.FromResult(PostgresDatabaseFixture.ServerConnectionString);

    /// <summary>Last say over the service's registrations (e.g. a scripted Temporal client).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>False keeps the service's own Temporal gateway whatever the environment (the 503 tests).</summary>
    protected virtual bool MayUseInProcessRunner => true;

    public async ValueTask InitializeAsync()
    {
        _database = PostgresDatabaseFixture.On(await DatabaseServerAsync());
        await _database.InitializeAsync();
        var sources = Directory.CreateDirectory(Path.Combine(_folder.Path, "sources")).FullName;
        Directory.CreateDirectory(StorageRoot);
        SourceCog = TestRasters.Create(sources, new RasterSpec("source", 4326, Bands: 3));

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Clip"] = ServiceConnectionString(_database.ConnectionString),
            ["urls"] = "http://127.0.0.1:0",
            ["Roles:Api"] = "true",
            ["Roles:Worker"] = "false",
            ["Roles:WarpWorker"] = "false",
            ["Storage:Kind"] = "local",
            ["Storage:LocalRoot"] = StorageRoot,
            ["DataPlatform:AssetHrefs:AllowedLocalRoots:0"] = sources,
            ["Raster:AllowedLocalRoots:0"] = sources,
            ["Raster:TempDirectory"] = Path.Combine(_folder.Path, "scratch"),
            ["Temporal:Address"] = "127.0.0.1:1",
            ["Temporal:AdmissionTimeoutSeconds"] = "30",
            ["Api:DeleteWaitSeconds"] = "2",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var useInProcessRunner = MayUseInProcessRunner;
        if (MayUseInProcessRunner)
        {
            _temporal = new TemporalTestServer();
            await _temporal.InitializeAsync();
            if (_temporal.Client is not null)
            {
                useInProcessRunner = false;
                var queue = "clip-api-test-" + Guid.NewGuid().ToString("N");
                settings["Temporal:Address"] = _temporal.Address;
                settings["Temporal:Namespace"] = _temporal.Namespace;
                settings["Temporal:MainTaskQueue"] = queue + "-main";
                settings["Temporal:WarpTaskQueue"] = queue + "-warp";
                settings["Roles:Worker"] = "true";
                settings["Roles:WarpWorker"] = "true";
            }
        }
        for (var attempt = 1; ; attempt++)
        {
            foreach (var (key, value) in ExtraSettings)
                settings[key] = value;
            _app = Build(settings, useInProcessRunner);
            try
            {
                await _app.StartAsync();
                break;
            }
            catch (IOException e) when (e.InnerException is AddressInUseException && attempt < PortAttempts && TakeOtherPorts())
            {
                // A port the settings name was found free, then taken by another process before
                // Kestrel bound it: build again on the ports TakeOtherPorts chose.
                await _app.DisposeAsync();
            }
        }
        if (useInProcessRunner)
            _app.Services.GetRequiredService<ITemporalClient>();
        Runner = useInProcessRunner
            ? "the service's Temporal gateway over the scripted in-process Temporal boundary (no server)"
            : _temporal?.Client is not null ? $"the service's Temporal gateway and workers on the Temporal server at {_temporal.Address}"
            : $"the service's Temporal gateway with no server behind {settings["Temporal:Address"]}";
        // Shown with `--xunit-diagnostics on`; each test's own output names it too (RunnerNote).
        TestContext.Current.SendDiagnosticMessage($"{GetType().Name}: job runner = {Runner}");
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Conformance = new OpenApiConformance(new HttpClientHandler());
        Http = new HttpClient(new RunnerNote(() => Runner, Conformance)) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        Seed = new ApiSeed(_database.DataSource);
        Tenant = await Seed.TenantAsync(SourceCog);
        Other = await Seed.TenantAsync(SourceCog);
    }

    private const int PortAttempts = 5;

    /// <summary>Chooses other values for the ports <see cref="ExtraSettings"/> names after one was
    /// taken; false when the host names none (the API's own port is the kernel's choice).</summary>
    protected virtual bool TakeOtherPorts() => false;

    /// <summary>The service with the scripted Temporal boundary and the in-process runner when asked.</summary>
    private WebApplication Build(Dictionary<string, string?> settings, bool useInProcessRunner)
    {
        var builder = ClipApplication.CreateBuilder([], settings);
        builder.Logging.AddProvider(Logs);
        Store = new FaultInjectingObjectStore(new LocalObjectStore(StorageRoot));
        builder.Services.Replace(ServiceDescriptor.Singleton<IObjectStore>(Store));
        if (useInProcessRunner)
        {
            // The service's own Temporal gateway over a scripted Temporal boundary, behind which the
            // in-process runner executes the job.
            builder.Services.Replace(ServiceDescriptor.Singleton<ITemporalClient>(sp =>
            {
                var warps = sp.GetRequiredService<WarpActivities>();
                Gateway = new InProcessClipJobGateway(sp.GetRequiredService<DataPlatformActivities>(), (input, ct) => WarpAsync(warps, input, ct),
                    new StorageActivities(Store, sp.GetRequiredService<ILogger<StorageActivities>>()));
                Boundary = new InProcessTemporal(Gateway);
                return Boundary.Client;
            }));
            // No Temporal namespace behind the in-process runner: a scripted one, empty at start, which
            // the service's start-up check fills through the same registration path a server takes.
            builder.Services.Replace(ServiceDescriptor.Singleton<INamespaceSearchAttributes>(new ScriptedNamespace()));
        }
        ConfigureServices(builder.Services);
        return ClipApplication.Build(builder);
    }

    /// <summary>The real warp activity, run in Temporal's activity test environment (heartbeats and
    /// cancellation as on a worker).</summary>
    private static async Task<Workflows.Contracts.ClipArtifact> WarpAsync(WarpActivities warps, Workflows.Contracts.WarpInput input, CancellationToken ct)
    {
        var environment = new ActivityEnvironment();
        await using var _ = ct.Register(() => environment.Cancel());
        return await environment.RunAsync(() => warps.WarpAsync(input));
    }

    private readonly Lock _sharedGate = new();
    private Task<string>? _sharedJob;

    /// <summary>One completed job of <see cref="Tenant"/>, created on first use and shared by the
    /// tests of the class.</summary>
    public Task<string> SharedCompletedJobAsync()
    {
        lock (_sharedGate)
            return _sharedJob ??= this.CompletedJobAsync(Tenant, "shared");
    }

    /// <summary>The in-process runner, for tests that hold warps or count runner calls; reported
    /// skipped against a real Temporal server.</summary>
    public InProcessClipJobGateway RequireInProcessRunner()
    {
        if (Gateway is null)
            Assert.Skip("This test steers the in-process job runner (holds warps, counts admissions); it does not apply to a real Temporal server.");
        return Gateway!;
    }

    /// <summary>Waits until the job's row is terminal and, in process, its background part ended.</summary>
    public async Task WaitForJobAsync(string jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        if (Gateway is not null)
        {
            await Gateway.WaitAsync(jobId).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
            return;
        }
        while (await Seed.ScalarAsync("SELECT count(*) FROM jobs WHERE id = $1::uuid AND status IN ('completed', 'failed', 'cancelled')", jobId) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not finish within 2 minutes");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Every file under the storage root, for "nothing was written" assertions.</summary>
    public string[] StorageTree() =>
        Directory.EnumerateFiles(StorageRoot, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(StorageRoot, p)).Order().ToArray();

    public virtual async ValueTask DisposeAsync()
    {
        if (Conformance is not null)
            TestContext.Current.SendDiagnosticMessage($"{GetType().Name}: OpenAPI conformance: {Conformance.Tally.Validated} answers validated, {Conformance.Tally.Nonconforming} nonconforming");
        Http?.Dispose();
        if (Gateway is not null)
            await Gateway.StopAsync(TimeSpan.FromSeconds(30));
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_database is not null)
            await _database.DisposeAsync();
        if (_temporal is not null)
            await _temporal.DisposeAsync();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
