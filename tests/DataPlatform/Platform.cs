using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Activities.DataPlatform.Jobs;
using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Activities.Telemetry;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Geopera.Clip.Tests.Infrastructure;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>The real data-platform classes over one test database, plus request builders.</summary>
internal sealed class Platform
{
    public const string LocalRoot = "/srv/geopera/rasters";

    public Platform(PostgresDatabaseFixture database, DataPlatformOptions? options = null)
    {
        var db = database.DataSource;
        var platformOptions = Options.Create(options ?? new DataPlatformOptions());
        Data = new TestData(db);
        HrefPolicy = new AssetHrefPolicy(Options.Create(new AssetHrefPolicyOptions { AllowedLocalRoots = [LocalRoot] }));
        Resolver = new AssetResolver(db, HrefPolicy, platformOptions, new NoAssetAdmissionCheck(), NullLogger<AssetResolver>.Instance);
        Ledger = new CreditLedger(db, database.Reservations, new CreditMetrics(TestMeters.Factory), platformOptions, NullLogger<CreditLedger>.Instance);
        Lifecycle = new JobLifecycle(db, Ledger, NullLogger<JobLifecycle>.Instance);
        Jobs = new PostgresJobStore(db);
        Idempotency = new PostgresIdempotencyStore(db, platformOptions);
        Activities = new DataPlatformActivities(Resolver, Ledger, Lifecycle, NullLogger<DataPlatformActivities>.Instance);
    }

    public TestData Data { get; }
    public AssetHrefPolicy HrefPolicy { get; }
    public AssetResolver Resolver { get; }
    public CreditLedger Ledger { get; }
    public JobLifecycle Lifecycle { get; }
    public PostgresJobStore Jobs { get; }
    public PostgresIdempotencyStore Idempotency { get; }
    public DataPlatformActivities Activities { get; }

    public static ClipJobInput Job(string organizationId, string projectId, string itemId, string? idempotencyKey = null, string? targetCollectionId = null)
    {
        var key = idempotencyKey ?? Guid.NewGuid().ToString();
        return new ClipJobInput(JobIdentity.JobId(organizationId, key), organizationId, key, "fingerprint-" + key, ClipSource.Item(itemId), projectId,
            TestData.Aoi, null, "harbour", "harbour_clip", targetCollectionId, """{"source_item_id":"x"}""");
    }

    public static ReserveCreditsInput Reserve(ClipJobInput job, long units, string bucket = "clip-outputs") =>
        new(job.JobId, JobIdentity.WorkflowId(job.JobId), job,
            new ResolvedAssets([new SourceAsset("visual", "gs://source-bucket/visual.tif", TestData.CogType, null, [])], bucket, job.ProjectId, units));

    /// <summary>An organization with a project and a raster item, and a job reserved for it.</summary>
    public async Task<(ClipJobInput Job, CreditReservation Reservation)> ReservedJobAsync(long units = 100, string? targetCollectionId = null, string? organizationId = null)
    {
        var organization = organizationId ?? await Data.OrganizationAsync();
        var project = await Data.ProjectAsync(organization);
        var item = await Data.RasterItemAsync(project);
        var job = Job(organization, project, item, targetCollectionId: targetCollectionId);
        return (job, await Ledger.ReserveAsync(Reserve(job, units), CancellationToken.None));
    }

    public static ClipArtifact Artifact(string jobId, string mosaicType, long size = 1234) =>
        new(mosaicType, $"harbour_clip_{mosaicType}.tif", size, $"clips/{jobId}/harbour_clip_{mosaicType}.tif", "sha256:abc", null);
}
