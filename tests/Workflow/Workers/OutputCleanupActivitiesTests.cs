using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Workers;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Exceptions;
using Temporalio.Testing;
using Xunit;

namespace Geopera.Clip.Tests.Workflow.Workers;

/// <summary>delete-outputs against the real local object store, run as a worker would.</summary>
public sealed class OutputCleanupActivitiesTests : IDisposable
{
    private const string Bucket = "outputs";
    private readonly string root = Directory.CreateTempSubdirectory("clip-cleanup-").FullName;
    private readonly LocalObjectStore store;
    private readonly OutputCleanupActivities activities;

    public OutputCleanupActivitiesTests()
    {
        store = new LocalObjectStore(root);
        activities = new OutputCleanupActivities(store, NullLogger<OutputCleanupActivities>.Instance);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task DeletesOnlyTheJobsFolderAndIsIdempotent()
    {
        await PutAsync("clips/job-1/a_rgb.tif", "clips/job-1/a_rgb.png", "clips/job-10/b_rgb.tif", "clips/job-2/c.tif", "other/job-1/x.tif");
        await RunAsync(new DeleteOutputsInput("job-1", Bucket));
        Assert.Equal(["clips/job-10/b_rgb.tif", "clips/job-2/c.tif", "other/job-1/x.tif"], await KeysAsync(""));
        await RunAsync(new DeleteOutputsInput("job-1", Bucket));
        Assert.Equal(3, (await KeysAsync("")).Count);
    }

    [Fact]
    public async Task NothingToDeleteIsFine() => await RunAsync(new DeleteOutputsInput("job-none", "bucket-that-was-never-written"));

    [Theory]
    [InlineData("", Bucket)]
    [InlineData("job/../other", Bucket)]
    [InlineData("..", Bucket)]
    [InlineData("a/b", Bucket)]
    [InlineData("job-1", "")]
    public async Task IdsThatCouldWidenThePrefixAreRefusedAndNothingIsDeleted(string jobId, string bucket)
    {
        await PutAsync("clips/job-1/a.tif");
        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => RunAsync(new DeleteOutputsInput(jobId, bucket)));
        Assert.Equal((ClipErrors.InvalidRequest, true), (e.ErrorType, e.NonRetryable));
        Assert.Single(await KeysAsync("clips/"));
    }

    [Fact]
    public async Task ManyObjectsAreAllDeleted()
    {
        await PutAsync([.. Enumerable.Range(0, 40).Select(i => $"clips/job-many/part_{i:D2}.tif")]);
        await RunAsync(new DeleteOutputsInput("job-many", Bucket));
        Assert.Empty(await KeysAsync("clips/job-many/"));
    }

    private Task RunAsync(DeleteOutputsInput input) => new ActivityEnvironment().RunAsync(() => activities.DeleteOutputsAsync(input));

    private async Task PutAsync(params string[] keys)
    {
        foreach (var key in keys)
        {
            using var content = new MemoryStream([1, 2, 3]);
            await store.PutStreamAsync(Bucket, key, content, "image/tiff", TestContext.Current.CancellationToken);
        }
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(Bucket, prefix, TestContext.Current.CancellationToken))
            keys.Add(item.Key);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
