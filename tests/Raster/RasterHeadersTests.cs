using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Admission;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Admission's header reads are kept per object version: read once while the object is the
/// same, read again once it is replaced.</summary>
public sealed class RasterHeadersTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Header_is_read_once_per_version_of_the_object()
    {
        using var http = new HttpClient();
        var headers = new RasterHeaders(new SourceVersions(null, http));
        var path = TestRasters.Create(_dir.Path, new RasterSpec("asset", 32633, Width: 300));
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(300, (await headers.ReadAsync(path, path, ct)).Width);
        Assert.Equal(300, (await headers.ReadAsync(path, path, ct)).Width);
        Assert.Equal(1, headers.Reads);

        // Replaced in place by another raster (a later write time, another size): read again.
        var replacement = TestRasters.Create(_dir.Path, new RasterSpec("replacement", 32633, Width: 200));
        File.Copy(replacement, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(200, (await headers.ReadAsync(path, path, ct)).Width);
        Assert.Equal(2, headers.Reads);
    }

    [Fact]
    public async Task Unreadable_header_is_a_typed_failure_never_cached()
    {
        using var http = new HttpClient();
        var headers = new RasterHeaders(new SourceVersions(null, http));
        var path = _dir.File("garbage.tif");
        await File.WriteAllTextAsync(path, "not a TIFF", TestContext.Current.CancellationToken);

        var failure = await Assert.ThrowsAsync<ClipFailure>(() => headers.ReadAsync(path, path, TestContext.Current.CancellationToken));

        Assert.False(failure.Retryable);
        await Assert.ThrowsAsync<ClipFailure>(() => headers.ReadAsync(path, path, TestContext.Current.CancellationToken));
        Assert.Equal(2, headers.Reads);
    }
}
