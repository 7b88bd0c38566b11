using Xunit;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Storage;

public sealed class ByteRangesTests
{
    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, 9, 10)]
    [InlineData(9, 9, 10)]
    public void Ranges_inside_the_object_pass(long from, long to, long size) =>
        Assert.Null(Record.Exception(() => ByteRanges.Validate(new ByteRange(from, to), size, "bucket", "key")));

    [Theory]
    [InlineData(10, 10, 10, "past the end")]
    [InlineData(5, 10, 10, "within 0-9")]
    [InlineData(3, 2, 10, "malformed")]
    [InlineData(-1, 2, 10, "malformed")]
    [InlineData(0, 0, 0, "empty")]
    public void Ranges_outside_say_what_is_wrong(long from, long to, long size, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ByteRanges.Validate(new ByteRange(from, to), size, "bucket", "key"));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_stream_ending_before_the_promised_length_fails_the_read()
    {
        await using var limited = new LengthLimitedStream(new MemoryStream(new byte[10]), 20);
        var error = await Assert.ThrowsAsync<IOException>(() => limited.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));
        Assert.Contains("10 of the expected 20", error.Message);
    }

    [Fact]
    public async Task A_limited_stream_stops_at_its_length()
    {
        await using var limited = new LengthLimitedStream(new MemoryStream(TestData.Bytes(100, 1)), 40);
        Assert.Equal(TestData.Bytes(100, 1)[..40], await TestData.ReadAllAsync(limited));
    }
}
