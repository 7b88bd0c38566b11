using Geopera.Clip.Host.Api.Json;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Where a lone UTF-16 surrogate escape sits, as the 400 names it.</summary>
public sealed class UndecodableStringsTests
{
    [Theory]
    [InlineData("""{"a":"\ud800"}""", "a")]
    [InlineData("""{"a":"x\udc00y"}""", "a")]
    [InlineData("""{"\ud800":1}""", @"\ud800")]
    [InlineData("""{"ok":1,"a\udfffb":{"c":2}}""", @"a\udfffb")]
    [InlineData("""{"a":{"b":[1,"two",{"c":"\ud83d"}]}}""", "a.b[2].c")]
    [InlineData("""{"a":[[1],[2,"\udbff"]]}""", "a[1][1]")]
    [InlineData("""{"a":[{"x":1},{"y":2}],"b":{"\ud800z":0}}""", @"b.\ud800z")]
    [InlineData("""{"a":{"b":1},"c":"\ud800"}""", "c")]
    [InlineData("\"\\ud800\"", "(body)")]
    [InlineData("""["\ud800"]""", "[0]")]
    public void Names_the_path_of_the_first_lone_surrogate(string json, string expected) =>
        Assert.Equal(expected, UndecodableStrings.FindFirst(System.Text.Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00","b":"😀","\u00e9":["\n\t\u0000"]}""")]
    [InlineData("""{"a":[],"b":{},"c":null,"d":1e400}""")]
    [InlineData("[]")]
    public void Decodable_texts_have_none(string json) =>
        Assert.Null(UndecodableStrings.FindFirst(System.Text.Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void An_echoed_name_is_bounded()
    {
        var name = new string('n', 200) + "\\ud800";
        var path = UndecodableStrings.FindFirst(System.Text.Encoding.UTF8.GetBytes($$"""{"{{name}}":1}"""));
        Assert.NotNull(path);
        Assert.True(path.Length <= 65, path);
        Assert.StartsWith("nnnn", path);
    }
}
