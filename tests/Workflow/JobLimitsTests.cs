using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class JobLimitsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 64)]
    [InlineData(3, 64)]
    public void Up_to_the_cap_fits(int assets, int cap) => Assert.Null(JobLimits.AssetCount(assets, cap));

    [Fact]
    public void One_over_the_cap_is_refused_with_the_count_and_the_cap()
    {
        var refusal = JobLimits.AssetCount(65, 64);

        Assert.NotNull(refusal);
        Assert.Equal(ClipErrors.TooManyAssets, refusal.Type);
        Assert.Equal(new Dictionary<string, long> { ["assets"] = 65, ["limit"] = 64 }, refusal.Details);
        Assert.Contains("65 raster assets", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("at most 64", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_lies_within_the_ceiling_the_history_tests_measure() =>
        Assert.InRange(JobLimits.DefaultMaxAssets, 1, JobLimits.MaxAssetsCeiling);
}
