using Geopera.Clip.Activities.DataPlatform.Assets;
using Microsoft.Extensions.Options;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class AssetHrefPolicyTests
{
    private readonly AssetHrefPolicy _policy = new(Options.Create(new AssetHrefPolicyOptions { AllowedLocalRoots = ["/srv/rasters/", "/data"] }));

    [Theory]
    [InlineData("gs://bucket-1/scenes/a/visual.tif")]
    [InlineData("https://example.com/cogs/visual.tif?sig=1")]
    [InlineData("/srv/rasters/a/visual.tif")]
    [InlineData("/data/visual.tif")]
    public void Gcs_https_and_allowed_local_hrefs_are_allowed(string href) => Assert.True(_policy.Evaluate(href).Allowed);

    [Theory]
    [InlineData("file:///srv/rasters/a.tif")]
    [InlineData("http://example.com/a.tif")]
    [InlineData("s3://bucket/a.tif")]
    [InlineData("rasters/a.tif")]
    [InlineData("../a.tif")]
    [InlineData("/srv/rasters/../../etc/passwd")]
    [InlineData("/srv/rasters/./a.tif")]
    [InlineData("/srv/rasters-evil/a.tif")]
    [InlineData("/etc/passwd")]
    [InlineData("/database/a.tif")]
    [InlineData("gs://bucket-1/")]
    [InlineData("gs://Bad_Bucket/a.tif")]
    [InlineData("gs://bucket-1/a/../b.tif")]
    [InlineData("https://user:pw@example.com/a.tif")]
    [InlineData("C:\\rasters\\a.tif")]
    [InlineData("")]
    public void Refused_with_a_reason(string href)
    {
        var verdict = _policy.Evaluate(href);
        Assert.False(verdict.Allowed);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Fact]
    public void Without_roots_no_local_file_is_allowed()
    {
        var strict = new AssetHrefPolicy(Options.Create(new AssetHrefPolicyOptions()));
        Assert.Contains("AllowedLocalRoots", strict.Evaluate("/data/a.tif").Reason);
    }
}
