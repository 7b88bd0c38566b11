using Xunit;
using Geopera.Clip.Activities.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Geopera.Clip.Tests.Storage;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void Local_kind_registers_one_local_store_under_the_configured_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "clip-di-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var provider = Build(new() { ["Storage:Kind"] = "local", ["Storage:LocalRoot"] = root });
            var store = Assert.IsType<LocalObjectStore>(provider.GetRequiredService<IObjectStore>());
            Assert.Same(store, provider.GetRequiredService<IObjectStore>());
            Assert.Equal(root, store.RootDirectory);
            Assert.NotNull(provider.GetRequiredService<StorageActivities>());
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Gcs_kind_with_a_base_uri_builds_an_unauthenticated_gcs_store()
    {
        using var provider = Build(new() { ["Storage:Kind"] = "GCS", ["Storage:GcsBaseUri"] = "http://127.0.0.1:59199/storage/v1/" });
        Assert.IsType<GcsObjectStore>(provider.GetRequiredService<IObjectStore>());
    }

    [Fact]
    public void Relative_local_roots_hang_off_the_content_root() =>
        Assert.Equal(Path.GetFullPath("/srv/clip/.dev/storage"), new StorageSettings(StorageKind.Local, ".dev/storage", null).ResolveLocalRoot("/srv/clip"));

    [Theory]
    [InlineData("s3", null)]
    [InlineData("gcs", "not a url")]
    [InlineData("gcs", "http://127.0.0.1:1/storage/v1")]
    public void Wrong_settings_fail_at_registration_with_what_to_write(string kind, string? baseUri)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Storage:Kind"] = kind, ["Storage:GcsBaseUri"] = baseUri }));
        Assert.Contains("Storage:", error.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddClipStorage(configuration).BuildServiceProvider();
    }
}
