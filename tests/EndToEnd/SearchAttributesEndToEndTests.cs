using Geopera.Clip.Host.Temporal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Geopera.Clip.Tests.EndToEnd;

/// <summary>The start-up check against a real server's OperatorService: the namespace the suite runs
/// on lists every clip search attribute with its type, so the service is ready and registers
/// nothing more. Reported skipped without a server.</summary>
[Collection(TemporalServerCollection.Name)]
public sealed class SearchAttributesEndToEndTests(TemporalTestServer server)
{
    [Fact]
    public async Task Server_namespace_has_every_clip_search_attribute_with_its_type()
    {
        var registry = new TemporalNamespaceSearchAttributes(server.RequireClient());
        var registered = await registry.ListAsync(TestContext.Current.CancellationToken);
        Assert.True(SearchAttributeGap.Between(registered).None, SearchAttributeGap.Between(registered).Describe());

        var preflight = new SearchAttributePreflight(registry, Options.Create(new TemporalSettings()), TimeProvider.System,
            NullLogger<SearchAttributePreflight>.Instance);
        Assert.Null(await preflight.CheckOnceAsync(TestContext.Current.CancellationToken));
    }
}
