using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Host.Workers;
using Geopera.Clip.Tests.DataPlatform;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Tests.Raster;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using Xunit;

namespace Geopera.Clip.Tests.EndToEnd;

/// <summary>
/// One clip service for one end-to-end test: a fresh migrated database with an organization, a
/// project with an output bucket and an item whose asset is a real COG on disk, a local object
/// store, and hosted workers (the real activity classes, wired by AddClipWorkers) on task queues of
/// its own, started and stopped on demand.
/// </summary>
internal sealed class ClipStack : IAsyncDisposable
{
    public const string Bucket = "outputs";

    private readonly List<IHost> _hosts = [];
    private readonly string _root;
    private readonly PostgresDatabaseFixture _database;
    private readonly TemporalTestServer _server;

    private ClipStack(TemporalTestServer server, PostgresDatabaseFixture database, string root)
    {
        _server = server;
        _database = database;
        _root = root;
        Store = new LocalObjectStore(Path.Combine(root, "store"));
        Data = new TestData(database.DataSource);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (MainQueue, WarpQueue) = ($"clip-main-{suffix}", $"clip-warp-{suffix}");
    }

    public ITemporalClient Client => _server.RequireClient();
    public LocalObjectStore Store { get; }
    public TestData Data { get; }
    public PostgresJobStore Jobs => new(_database.DataSource);
    public string MainQueue { get; }
    public string WarpQueue { get; }
    public string OrganizationId { get; private set; } = "";
    public string ProjectId { get; private set; } = "";
    public string ItemId { get; private set; } = "";
    public string Aoi { get; private set; } = "";
    private string Sources => Path.Combine(_root, "sources");

    /// <summary>Skips the test when no Temporal server is available (before touching PostgreSQL).</summary>
    public static async Task<ClipStack> StartAsync(TemporalTestServer server, long creditLimit = 1_000_000, RasterSpec? raster = null)
    {
        server.RequireClient();
        var database = new PostgresDatabaseFixture();
        await database.InitializeAsync();
        var stack = new ClipStack(server, database, Directory.CreateTempSubdirectory("clip-e2e-").FullName);
        await stack.SeedAsync(creditLimit, raster ?? new RasterSpec("scene", 32633, Bands: 3, Width: 600, Height: 600));
        return stack;
    }

    private async Task SeedAsync(long creditLimit, RasterSpec raster)
    {
        Directory.CreateDirectory(Sources);
        var path = TestRasters.Create(Sources, raster);
        var bounds = TestRasters.LonLatBounds(path);
        Aoi = TestAois.Box(bounds, 0.2, 0.2, 0.8, 0.8);
        OrganizationId = await Data.OrganizationAsync(creditLimit);
        ProjectId = await Data.ProjectAsync(OrganizationId, Bucket);
        ItemId = await Data.ItemAsync(ProjectId, TestAois.Box(bounds, 0, 0, 1, 1));
        await Data.AssetAsync(ItemId, "visual", path);
    }

    /// <summary>Hosted workers as `host serve` runs them: the main role, the warp role, or both.</summary>
    /// <param name="main">Run the main worker (admission, registration, compensation).</param>
    /// <param name="warp">Run the warp worker.</param>
    /// <param name="gracefulShutdownSeconds">0 makes stopping the host cancel running activities at
    /// once, like a worker that goes away mid-warp.</param>
    public async Task<IHost> StartWorkersAsync(bool main, bool warp, int gracefulShutdownSeconds = 20)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Temporal:Address"] = _server.Address,
            ["Temporal:Namespace"] = _server.Namespace,
            ["Temporal:MainTaskQueue"] = MainQueue,
            ["Temporal:WarpTaskQueue"] = WarpQueue,
            ["Temporal:MaxConcurrentWarps"] = "2",
            ["Temporal:GracefulShutdownSeconds"] = gracefulShutdownSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Roles:Worker"] = main.ToString(),
            ["Roles:WarpWorker"] = warp.ToString(),
            ["Raster:AllowedLocalRoots:0"] = Sources,
            ["Raster:TempDirectory"] = Path.Combine(_root, "scratch"),
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IObjectStore>(Store);
        builder.Services.AddClipDataPlatform(_database.ConnectionString);
        builder.Services.Configure<AssetHrefPolicyOptions>(o => o.AllowedLocalRoots.Add(Sources));
        builder.Services.AddClipRaster(builder.Configuration, TemporalSettings.From(builder.Configuration).EffectiveMaxConcurrentWarps);
        builder.Services.AddClipWorkers(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        _hosts.Add(host);
        return host;
    }

    public ClipJobInput Job(string idempotencyKey) => new(
        JobIdentity.JobId(OrganizationId, idempotencyKey), OrganizationId, idempotencyKey, "sha256:" + idempotencyKey,
        ClipSource.Item(ItemId), ProjectId, Aoi, null, "e2e aoi", "e2e_clip", null, $$"""{"source_item_id":"{{ItemId}}"}""", WarpQueue);

    /// <summary>What the API does: update-with-start of the job's workflow with Admit.</summary>
    public async Task<(AdmissionResult Admission, WorkflowHandle<ClipWorkflow, ClipJobState> Handle)> AdmitAsync(ClipJobInput input)
    {
        var start = WithStartWorkflowOperation.Create((ClipWorkflow wf) => wf.RunAsync(input), ClipWorkflowStartOptions.For(input, MainQueue));
        var admission = await Client.ExecuteUpdateWithStartWorkflowAsync(
            (ClipWorkflow wf) => wf.AdmitAsync(new AdmitRequest(input.JobId, input.RequestFingerprint)),
            new(JobIdentity.AdmitUpdateId(input.JobId, input.RequestFingerprint), start));
        return (admission, await start.GetHandleAsync());
    }

    /// <summary>Ledger rows of a job by kind (reserve, commit, release).</summary>
    public Task<long> LedgerCountAsync(string jobId, string kind) =>
        Data.ScalarAsync<long>("SELECT count(*) FROM credit_ledger WHERE job_id = $1::uuid AND kind = $2", jobId, kind);

    public async Task<List<string>> StoredKeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(Bucket, prefix, CancellationToken.None))
            keys.Add(item.Key);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        await _database.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
