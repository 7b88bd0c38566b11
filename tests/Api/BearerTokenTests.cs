using Geopera.Clip.Host.Api.Pipeline;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The Authorization header's bearer key, read before any database lookup: which headers
/// carry a Geopera key and which answer 401 with which hint.</summary>
public sealed class BearerTokenTests
{
    private static readonly string LongestKey = BearerToken.KeyPrefix + new string('a', 251);

    [Theory]
    [InlineData("Bearer gpra_abc", "gpra_abc")]
    [InlineData("bearer gpra_abc", "gpra_abc")] // RFC 9110 §11.1: the scheme is case-insensitive
    [InlineData("  Bearer  gpra_A-b_9  ", "gpra_A-b_9")]
    public void A_bearer_geopera_key_is_read(string header, string key) =>
        Assert.Equal<(string?, string?)>((key, null), BearerToken.Parse(header));

    [Fact]
    public void A_key_is_at_most_256_characters()
    {
        Assert.Equal(256, LongestKey.Length);
        Assert.Equal(LongestKey, BearerToken.Parse("Bearer " + LongestKey).Key);
        Assert.Null(BearerToken.Parse("Bearer " + LongestKey + "a").Key);
    }

    [Theory]
    [InlineData(null, "Send your API key")]
    [InlineData("", "Send your API key")]
    [InlineData("   ", "Send your API key")]
    [InlineData("gpra_abc", "must use the Bearer scheme")]
    [InlineData("Basic gpra_abc", "must use the Bearer scheme")]
    [InlineData("Bearer", "must use the Bearer scheme")]
    [InlineData("Bearer gpra_", "is not a Geopera API key")]
    [InlineData("Bearer xyz_abc", "is not a Geopera API key")]
    [InlineData("Bearer GPRA_abc", "is not a Geopera API key")]
    [InlineData("Bearer gpra_a.b", "is not a Geopera API key")]
    [InlineData("Bearer gpra_a b", "is not a Geopera API key")]
    [InlineData("Bearer gpra_é", "is not a Geopera API key")]
    public void Anything_else_is_refused_with_a_hint(string? header, string hint)
    {
        var (key, problem) = BearerToken.Parse(header);

        Assert.Null(key);
        Assert.Contains(hint, problem, StringComparison.Ordinal);
    }
}
