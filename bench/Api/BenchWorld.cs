using System.Net.Http.Headers;
using System.Text;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Seeding;
using Geopera.Clip.Activities.Storage;
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

    private BenchWorld(string key, string organizationId, IReadOnlyList<string> jobIds, string filePath, long fileBytes)
    {
        Key = key;
        OrganizationId = organizationId;
        JobIds = jobIds;
        FilePath = filePath;
        FileBytes = fileBytes;
    }

    public string Key { get; }
    public string OrganizationId { get; }
    public IReadOnlyList<string> JobIds { get; }
    public string DownloadJobId => JobIds[0];
    public string FilePath { get; }
    public long FileBytes { get; }

    public static async Task<BenchWorld> SeedAsync(BenchService service, int jobs, int fileMb, string scratch)
    {
        var organization = "org-bench";
        var key = "gpra_bench_" + Guid.NewGuid().ToString("N");
        var project = Guid.NewGuid().ToString();
        var dataSource = service.Services.GetRequiredService<NpgsqlDataSource>();
        await new SeedImporter(dataSource, service.Services.GetRequiredService<ILogger<SeedImporter>>()).ApplyAsync(new SeedDocument(
        [
            new SeedOrganization(organization, "Bench", CreditLimit: long.MaxValue / 4,
                ApiKeys: [new SeedApiKey("key-bench", key, ["clip:read"])],
                Projects: [new SeedProject(project, "bench", StorageBucket: Bucket)]),
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

        var local = Path.Combine(scratch, "bench_rgb.tif");
        await WriteRandomFileAsync(local, (long)fileMb << 20);
        var stored = await service.Store.PutFileAsync(Bucket, $"clips/{ids[0]}/bench_rgb.tif", local, "image/tiff", CancellationToken.None);
        File.Delete(local);
        var storedPath = Path.Combine(scratch, "storage", Bucket, "clips", ids[0], "bench_rgb.tif");
        return new BenchWorld(key, organization, ids, storedPath, stored.SizeBytes);
    }

    public HttpRequestMessage ListRequest(int i) =>
        Op("clip.jobs.list", $$"""{"organization_id":"{{OrganizationId}}","limit":50,"offset":{{i * 50 % JobIds.Count}}}""");

    public HttpRequestMessage GetRequest(int i) => Op("clip.job.get", $$"""{"job_id":"{{JobIds[i % JobIds.Count]}}"}""");

    public HttpRequestMessage DownloadRequest() =>
        Op("clip.job.download", $$"""{"job_id":"{{DownloadJobId}}","mosaic_type":"{{MosaicType}}"}""");

    private HttpRequestMessage Op(string operation, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/op/" + operation) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
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
