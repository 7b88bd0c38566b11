using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Seeding;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geopera.Clip.Bench.Api;

/// <summary>What the benchmark reads: one organization with N completed jobs (created through the
/// real reserve and register activities) and one large output file in the local store.</summary>
public sealed class BenchWorld
{
    public const string Bucket = "bench-outputs";
    public const string MosaicType = "rgb";
    private const string Aoi = """{"type":"Polygon","coordinates":[[[15.005,45.18],[15.02,45.18],[15.02,45.195],[15.005,45.195],[15.005,45.18]]]}""";

    private BenchWorld(string key, string organizationId, IReadOnlyList<string> jobIds, string filePath, long fileBytes, Tenant deep)
    {
        Key = key;
        OrganizationId = organizationId;
        JobIds = jobIds;
        FilePath = filePath;
        FileBytes = fileBytes;
        Deep = deep;
    }

    /// <summary>An organization the list benchmark pages through, with its key and job count.</summary>
    public sealed record Tenant(string OrganizationId, string Key, int Jobs);

    public string Key { get; }
    public string OrganizationId { get; }
    public Tenant Shallow => new(OrganizationId, Key, JobIds.Count);

    /// <summary>Many jobs in one organization (copies of the first job's row), where OFFSET paging
    /// and count(*) show their cost.</summary>
    public Tenant Deep { get; }
    public IReadOnlyList<string> JobIds { get; }
    public string DownloadJobId => JobIds[0];
    public string FilePath { get; }
    public long FileBytes { get; }

    public static async Task<BenchWorld> SeedAsync(BenchService service, int jobs, int deepJobs, int fileMb, string scratch)
    {
        var organization = "org-bench";
        var deepOrganization = "org-bench-deep";
        var key = "gpra_bench_" + Guid.NewGuid().ToString("N");
        var deepKey = "gpra_bench_" + Guid.NewGuid().ToString("N");
        var project = Guid.NewGuid().ToString();
        var deepProject = Guid.NewGuid().ToString();
        var dataSource = service.Services.GetRequiredService<NpgsqlDataSource>();
        await new SeedImporter(dataSource, service.Services.GetRequiredService<ILogger<SeedImporter>>()).ApplyAsync(new SeedDocument(
        [
            new SeedOrganization(organization, "Bench", CreditLimit: long.MaxValue / 4,
                ApiKeys: [new SeedApiKey("key-bench", key, ["clip:read"])],
                Projects: [new SeedProject(project, "bench", StorageBucket: Bucket)]),
            new SeedOrganization(deepOrganization, "Bench (deep)", CreditLimit: long.MaxValue / 4,
                ApiKeys: [new SeedApiKey("key-bench-deep", deepKey, ["clip:read"])],
                Projects: [new SeedProject(deepProject, "bench", StorageBucket: Bucket)]),
        ]), CancellationToken.None);

        var activities = service.Services.GetRequiredService<DataPlatformActivities>();
        var ids = Enumerable.Range(0, jobs).Select(i => JobIdentity.JobId(organization, $"bench-{i}")).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var input = new ClipJobInput(ids[i], organization, $"bench-{i}", "bench", ClipSource.Item(Guid.NewGuid().ToString()), project,
                Aoi, null, "bench", "bench", null, "{}");
            var source = new SourceAsset("visual", "gs://bench-source/visual.tif", "image/tiff", MosaicType, []);
            await activities.ReserveCreditsAsync(new ReserveCreditsInput(ids[i], JobIdentity.WorkflowId(ids[i]), input,
                new ResolvedAssets([source], Bucket, project, 10)));
            var artifact = new ClipArtifact(MosaicType, "bench_rgb.tif", (long)fileMb << 20, $"clips/{ids[i]}/bench_rgb.tif", "none", null);
            await activities.RegisterArtifactsAsync(new RegisterArtifactsInput(ids[i], organization, project, null, "bench", [artifact]));
        });

        await CopyJobsAsync(dataSource, ids[0], deepOrganization, deepProject, deepJobs);

        var local = Path.Combine(scratch, "bench_rgb.tif");
        await WriteRandomFileAsync(local, (long)fileMb << 20);
        var stored = await service.Store.PutFileAsync(Bucket, $"clips/{ids[0]}/bench_rgb.tif", local, "image/tiff", CancellationToken.None);
        File.Delete(local);
        var storedPath = Path.Combine(scratch, "storage", Bucket, "clips", ids[0], "bench_rgb.tif");
        return new BenchWorld(key, organization, ids, storedPath, stored.SizeBytes, new Tenant(deepOrganization, deepKey, deepJobs));
    }

    /// <summary>Completed jobs like <paramref name="templateJobId"/>, one second apart, written in one statement
    /// (a hundred thousand admissions through the activities would take minutes), then vacuumed and analysed
    /// as a long-lived table would be.</summary>
    private static async Task CopyJobsAsync(NpgsqlDataSource db, string templateJobId, string organization, string project, int count)
    {
        await using (var command = db.CreateCommand("""
            INSERT INTO jobs (id, organization_id, project_id, job_type, status, request, aoi, asset_keys, output_artifacts,
                              workflow_id, output_bucket, reserved_units, source_item_id, created_at, updated_at, completed_at)
            SELECT gen_random_uuid(), $2, $3, t.job_type, t.status, t.request, t.aoi, t.asset_keys, t.output_artifacts,
                   'bench-deep-' || i, t.output_bucket, t.reserved_units, t.source_item_id,
                   t.created_at - make_interval(secs => i), t.updated_at, t.completed_at
            FROM jobs t, generate_series(1, $4) i WHERE t.id = $1
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.Parse(templateJobId) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = organization });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = project });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
            command.CommandTimeout = 300;
            await command.ExecuteNonQueryAsync();
        }
        // A long-lived table's pages are all-visible (autovacuum keeps them so), which lets a deep page
        // and the total come from the index alone. A vacuum that met an older snapshot (a concurrent
        // transaction) leaves pages unmarked and both sides would pay a heap fetch per skipped row, so
        // vacuum until the map covers the table, and say how far it got.
        for (var attempt = 1; ; attempt++)
        {
            await using (var vacuum = db.CreateCommand("VACUUM (ANALYZE) jobs"))
            {
                vacuum.CommandTimeout = 300;
                await vacuum.ExecuteNonQueryAsync();
            }
            await using var visible = db.CreateCommand("SELECT relallvisible::float8 / greatest(relpages, 1) FROM pg_class WHERE relname = 'jobs'");
            var fraction = (double)(await visible.ExecuteScalarAsync())!;
            if (fraction >= 0.99 || attempt == 10)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"jobs table: {fraction:P0} of its pages all-visible after {attempt} vacuum(s)"));
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>A page drawn uniformly over the whole list, as the pgbench reference draws its
    /// offset (<c>random(0, pages - 1) * page_size</c>): both sides pay the same OFFSET depth.</summary>
    public HttpRequestMessage ListRequest(Tenant tenant) =>
        Op("clip.jobs.list", $$"""{"organization_id":"{{tenant.OrganizationId}}","limit":{{ListPageSize}},"offset":{{RandomPage(tenant.Jobs / ListPageSize) * ListPageSize}}}""", tenant.Key);

#pragma warning disable CA5394 // a benchmark's page choice, not security
    private static int RandomPage(int pages) => Random.Shared.Next(pages);
#pragma warning restore CA5394

    public const int ListPageSize = 50;

    public HttpRequestMessage GetRequest(int i) => Op("clip.job.get", $$"""{"job_id":"{{JobIds[i % JobIds.Count]}}"}""");

    public HttpRequestMessage DownloadRequest() =>
        Op("clip.job.download", $$"""{"job_id":"{{DownloadJobId}}","mosaic_type":"{{MosaicType}}"}""");

    private HttpRequestMessage Op(string operation, string body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/op/" + operation) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? Key);
        return request;
    }

    private static async Task WriteRandomFileAsync(string path, long bytes)
    {
        var block = new byte[4 << 20];
        Random.Shared.NextBytes(block);
        await using var file = File.Create(path);
        for (long written = 0; written < bytes; written += block.Length)
            await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, bytes - written)));
    }
}
