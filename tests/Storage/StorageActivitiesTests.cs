using Xunit;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace Geopera.Clip.Tests.Storage;

public sealed class StorageActivitiesTests : IDisposable
{
    private const string Bucket = "clip-outputs";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "clip-storage-activities-" + Guid.NewGuid().ToString("N"));
    private readonly LocalObjectStore _store;
    private readonly StorageActivities _activities;

    public StorageActivitiesTests()
    {
        _store = new LocalObjectStore(_root);
        _activities = new StorageActivities(_store, NullLogger<StorageActivities>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deletes_only_the_jobs_outputs_and_a_second_run_deletes_nothing()
    {
        var job = JobIdentity.JobId("org-1", "key-1");
        var other = JobIdentity.JobId("org-1", "key-2");
        string[] mine = [$"clips/{job}/scene_rgb.tif", $"clips/{job}/scene_rgb.png", $"clips/{job}/nested/extra.tif"];
        string[] kept = [$"clips/{other}/scene_rgb.tif", $"clips/{job}-sibling/x.tif", $"clips/{job}.tif", "sources/scene.tif"];
        foreach (var key in mine.Concat(kept)) await Put(key);

        var environment = new ActivityEnvironment();
        await environment.RunAsync(() => _activities.DeleteOutputsAsync(new DeleteOutputsInput(job, Bucket)));
        Assert.Empty(await Keys($"clips/{job}/"));
        Assert.Equal(kept.Order(StringComparer.Ordinal), await Keys(""));

        await environment.RunAsync(() => _activities.DeleteOutputsAsync(new DeleteOutputsInput(job, Bucket)));
        Assert.Equal(kept.Order(StringComparer.Ordinal), await Keys(""));
    }

    [Fact]
    public async Task Heartbeats_the_number_deleted()
    {
        var job = JobIdentity.JobId("org-1", "key-hb");
        await Put($"clips/{job}/a.tif");
        await Put($"clips/{job}/b.tif");
        var beats = new List<int>();
        var environment = new ActivityEnvironment { Heartbeater = details => beats.Add((int)details.Single()!) };
        await environment.RunAsync(() => _activities.DeleteOutputsAsync(new DeleteOutputsInput(job, Bucket)));
        Assert.Equal([1, 2], beats);
    }

    [Fact]
    public async Task A_job_with_no_outputs_or_a_bucket_never_written_succeeds()
    {
        var job = JobIdentity.JobId("org-1", "nothing");
        var other = JobIdentity.JobId("org-1", "someone-else");
        await Put($"clips/{other}/scene_rgb.tif");
        var beats = new List<object?>();
        var environment = new ActivityEnvironment { Heartbeater = details => beats.AddRange(details) };
        await environment.RunAsync(() => _activities.DeleteOutputsAsync(new DeleteOutputsInput(job, "never-written")));
        await environment.RunAsync(() => _activities.DeleteOutputsAsync(new DeleteOutputsInput(job, Bucket)));
        Assert.Empty(beats);
        Assert.Equal([$"clips/{other}/scene_rgb.tif"], await Keys(""));
        Assert.False(Directory.Exists(Path.Combine(_root, "never-written")), "deleting from a bucket never written must not create it");
    }

    [Theory]
    [InlineData("../etc", Bucket)]
    [InlineData("", Bucket)]
    [InlineData("0B3C8F2E-6A0D-8F41-9D2A-5C7E1F4B2A90", Bucket)] // upper case: would miss clips/{lowercase}/
    [InlineData("0b3c8f2e6a0d8f419d2a5c7e1f4b2a90", Bucket)]
    [InlineData("0b3c8f2e-6a0d-8f41-9d2a-5c7e1f4b2a90", "Bad_Bucket")]
    public async Task Malformed_input_is_a_non_retryable_failure_that_deletes_nothing(string jobId, string bucket)
    {
        await Put("clips/keep.tif");
        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => _activities.DeleteOutputsAsync(new DeleteOutputsInput(jobId, bucket)));
        Assert.Equal((ClipErrors.InvalidRequest, true), (error.ErrorType, error.NonRetryable));
        Assert.Equal(["clips/keep.tif"], await Keys(""));
    }

    private Task Put(string key) => _store.PutStreamAsync(Bucket, key, new MemoryStream([1, 2, 3]), "image/tiff", Ct);

    private async Task<List<string>> Keys(string prefix) => await _store.ListAsync(Bucket, prefix, Ct).Select(o => o.Key).ToListAsync(Ct);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
