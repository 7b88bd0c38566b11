using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

public sealed class SourcePathResolverTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Gs_goes_through_the_store_https_through_vsicurl_local_only_under_roots()
    {
        var store = new LocalObjectStore(_root.Path);
        var resolver = new SourcePathResolver(store, [_root.Path]);

        Assert.Equal(store.GdalPath("imagery", "items/a/rgb.tif"), resolver.Resolve("gs://imagery/items/a/rgb.tif"));
        Assert.Equal("/vsicurl/https://example.com/a/b.tif", resolver.Resolve("https://example.com/a/b.tif"));
        Assert.Equal(_root.File("x.tif"), resolver.Resolve(_root.File("x.tif")));
        Assert.Equal(_root.File("x.tif"), resolver.Resolve("file://" + _root.File("x.tif")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/path.tif")]
    [InlineData("/etc/passwd")]
    [InlineData("/vsicurl/http://169.254.169.254/latest")]
    [InlineData("http://example.com/a.tif")]
    [InlineData("s3://bucket/key.tif")]
    [InlineData("gs://bucket")]
    [InlineData("gs://bucket/")]
    [InlineData("gs://bucket/a/../../b.tif")]
    public void Anything_else_is_a_non_retryable_invalid_raster(string href)
    {
        var resolver = new SourcePathResolver(new LocalObjectStore(_root.Path), [_root.Path]);

        var failure = Assert.Throws<ClipFailure>(() => resolver.Resolve(href));

        Assert.Equal(ClipErrors.InvalidRaster, failure.Code);
        Assert.False(failure.Retryable);
    }

    [Fact]
    public void A_root_is_not_a_prefix_of_its_sibling()
    {
        var resolver = new SourcePathResolver(null, [_root.Path]);
        Assert.Throws<ClipFailure>(() => resolver.Resolve(_root.Path + "-evil/x.tif"));
        Assert.Throws<ClipFailure>(() => resolver.Resolve(_root.File("../escape.tif")));
        Assert.Throws<ClipFailure>(() => resolver.Resolve("gs://bucket/key.tif")); // no store configured
    }
}
