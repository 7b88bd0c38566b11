using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Tests.Storage;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Geopera.Clip.Tests.Health;

/// <summary>The storage readiness check for each way the object store goes missing: the local
/// root gone, a listed bucket folder absent, a Cloud Storage bucket deleted (on Google's emulator,
/// whose launcher deletes buckets as GCS does), Cloud Storage unreachable.</summary>
public sealed class StorageReadinessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("clip-ready-store-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_local_root_that_is_there_and_writable_passes_and_leaves_nothing_behind()
    {
        var result = await Probe(_root).ProbeAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Ready, result.Detail);
        Assert.Contains(_root, result.Detail);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task A_local_root_that_is_gone_fails_saying_to_mount_or_create_it()
    {
        using var provider = Build(new() { ["Storage:Kind"] = "local", ["Storage:LocalRoot"] = _root });
        var probe = provider.GetRequiredService<IObjectStoreProbe>();
        Directory.Delete(_root);

        var result = await probe.ProbeAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.Equal($"The local store's root {_root} does not exist.", result.Detail);
        Assert.Contains("Storage:LocalRoot", result.Action);
    }

    [Fact]
    public async Task A_listed_bucket_missing_from_the_local_root_fails_naming_it()
    {
        Directory.CreateDirectory(Path.Combine(_root, "clip-outputs"));

        var result = await Probe(_root, "clip-outputs", "clip-sources").ProbeAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.Equal($"Bucket folder(s) missing under {_root}: clip-sources.", result.Detail);
        Assert.Contains("Storage:Buckets", result.Action);
        Directory.CreateDirectory(Path.Combine(_root, "clip-sources"));
        Assert.True((await Probe(_root, "clip-outputs", "clip-sources").ProbeAsync(TestContext.Current.CancellationToken)).Ready);
    }

    [Fact]
    public void A_listed_bucket_with_an_invalid_name_fails_at_start_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Storage:Buckets:0"] = "Clip_Outputs!" }));
        Assert.StartsWith("Storage:Buckets: Bucket name 'Clip_Outputs!' is invalid", error.Message);
    }

    [Fact]
    public async Task A_gcs_bucket_that_exists_passes_and_one_deleted_fails_as_absent()
    {
        var client = GcsObjectStoreTests.EmulatorClient();
        var kept = "ready-kept-" + Guid.NewGuid().ToString("N")[..12];
        var deleted = "ready-gone-" + Guid.NewGuid().ToString("N")[..12];
        await client.UploadObjectAsync(kept, "a.txt", "text/plain", new MemoryStream([1, 2, 3]), cancellationToken: TestContext.Current.CancellationToken);
        await client.ListObjectsAsync(deleted).ReadPageAsync(1, TestContext.Current.CancellationToken);
        var probe = new GcsBucketProbe(client, [kept, deleted]);
        Assert.True((await probe.ProbeAsync(TestContext.Current.CancellationToken)).Ready);

        await client.DeleteBucketAsync(deleted, cancellationToken: TestContext.Current.CancellationToken);
        var result = await probe.ProbeAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.Equal($"Bucket '{deleted}' does not exist.", result.Detail);
        Assert.Contains("Create the bucket", result.Action);
    }

    [Fact]
    public async Task Cloud_storage_that_does_not_answer_fails_with_the_network_to_check()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused.
        var dead = new StorageClientBuilder { BaseUri = "http://127.0.0.1:9/storage/v1/", UnauthenticatedAccess = true }.Build();

        var result = await new GcsBucketProbe(dead, ["clip-outputs"]).ProbeAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.StartsWith("Cloud Storage did not answer for bucket 'clip-outputs'", result.Detail);
        Assert.Contains("Storage:GcsBaseUri", result.Action);
    }

    private static LocalStoreProbe Probe(string root, params string[] buckets) => new(root, buckets);

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddClipStorage(configuration).BuildServiceProvider();
    }
}
