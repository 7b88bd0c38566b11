using Geopera.Clip.Host.Api.Egress;
using Xunit;

namespace Geopera.Clip.Tests.Api;

public sealed class HttpRangeTests
{
    [Theory]
    [InlineData("bytes=0-99", 1000, 0, 99)]
    [InlineData("bytes=100-", 1000, 100, 999)]
    [InlineData("bytes=-100", 1000, 900, 999)]
    [InlineData("bytes=-5000", 1000, 0, 999)]
    [InlineData("bytes=990-5000", 1000, 990, 999)]
    [InlineData("BYTES= 5-5", 1000, 5, 5)]
    [InlineData("bytes=0-", 1000, 0, 999)]
    public void Satisfiable_single_ranges_are_partial(string header, long size, long from, long to)
    {
        var decision = HttpRange.Decide(header, size);
        Assert.Equal(RangeKind.Partial, decision.Kind);
        Assert.Equal(from, decision.Range.From);
        Assert.Equal(to, decision.Range.To);
    }

    [Theory]
    [InlineData("bytes=1000-", 1000)]
    [InlineData("bytes=5000-6000", 1000)]
    [InlineData("bytes=-0", 1000)]
    [InlineData("bytes=0-10", 0)]
    public void Ranges_outside_the_file_are_unsatisfiable(string header, long size) =>
        Assert.Equal(RangeKind.Unsatisfiable, HttpRange.Decide(header, size).Kind);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-10")]
    [InlineData("bytes=0-10,20-30")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=10-5")]
    [InlineData("bytes=-")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=99999999999999999999999-")]
    public void Missing_malformed_or_multiple_ranges_send_the_whole_file(string? header)
    {
        var decision = HttpRange.Decide(header, 1000);
        Assert.Equal(RangeKind.Whole, decision.Kind);
        Assert.Equal(new Activities.Storage.ByteRange(0, 999), decision.Range);
    }
}
