using Xunit;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Storage;

public sealed class ObjectNamesTests
{
    [Theory]
    [InlineData("clips/0b3c8f2e-6a0d-8f41-9d2a-5c7e1f4b2a90/scene_rgb.tif")]
    [InlineData("a")]
    [InlineData(".hidden/file")]
    [InlineData("with space/and-ünïcode.tif")]
    [InlineData("a..b/c")]
    public void Valid_keys_pass(string key) => Assert.Null(ObjectNames.KeyProblem(key));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/abs", "absolute")]
    [InlineData("a\\b", "backslash")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("..", "'..'")]
    [InlineData("a/../b", "'..'")]
    [InlineData("./a", "'.'")]
    [InlineData("a\0b", "control character")]
    [InlineData("a\nb", "control character")]
    [InlineData("a/.clip-partial-123", "reserved")]
    public void Invalid_keys_name_their_problem(string key, string problem) =>
        Assert.Contains(problem, ObjectNames.KeyProblem(key));

    [Fact]
    public void Overlong_keys_and_segments_are_refused()
    {
        Assert.Contains("1024", ObjectNames.KeyProblem(string.Join('/', Enumerable.Repeat(new string('a', 200), 6))));
        Assert.Contains("255", ObjectNames.KeyProblem(new string('é', 128)));
    }

    [Theory]
    [InlineData("clip-outputs", true)]
    [InlineData("a.b_c-1", true)]
    [InlineData("ab", false)]
    [InlineData("-abc", false)]
    [InlineData("abc.", false)]
    [InlineData("ABC", false)]
    [InlineData("a..b", false)]
    [InlineData("a/b", false)]
    public void Bucket_names_follow_gcs_rules(string bucket, bool valid)
    {
        var error = Record.Exception(() => ObjectNames.ValidateBucket(bucket));
        Assert.Equal(valid, error is null);
        if (!valid) Assert.IsType<ArgumentException>(error);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("clips/", true)]
    [InlineData("clips/ab", true)]
    [InlineData("../", false)]
    [InlineData("a//", false)]
    public void List_prefixes_may_end_with_a_slash(string prefix, bool valid) =>
        Assert.Equal(valid, Record.Exception(() => ObjectNames.ValidatePrefix(prefix)) is null);
}
