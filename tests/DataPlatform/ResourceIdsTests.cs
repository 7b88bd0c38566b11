using Geopera.Clip.Activities.DataPlatform;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class ResourceIdsTests
{
    [Theory]
    [InlineData("3a9c7f10-2b44-4d11-9c8e-1f2a3b4c5d6e")]
    [InlineData("project-demo")]
    [InlineData("org:acme.eu_1")]
    [InlineData("a")]
    public void Readable_ids_and_uuids_are_valid(string id) => Assert.True(ResourceIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("x'; DROP TABLE jobs;--")]
    [InlineData("line\nbreak")]
    [InlineData("trailing\n")]
    [InlineData(null)]
    public void Paths_spaces_quotes_and_control_characters_are_not(string? id) => Assert.False(ResourceIds.IsValid(id));

    [Fact]
    public void Length_is_bounded() =>
        Assert.Equal((true, false), (ResourceIds.IsValid(new string('a', 128)), ResourceIds.IsValid(new string('a', 129))));
}
