using System.Net;
using System.Text.Json;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Tests.Api.Temporal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The service on a namespace without the clip search attributes that it may not
/// register (Temporal:RegisterSearchAttributes=false, as on Temporal Cloud): the real gateway over a
/// client whose server refuses starts the way a real one does.</summary>
public sealed class NamespaceWithoutSearchAttributesHost : ApiTestHost
{
    internal ScriptedNamespace Namespace { get; } = new();

    internal ScriptedTemporal Temporal { get; } = new();

    protected override bool MayUseInProcessRunner => false;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Temporal:RegisterSearchAttributes"] = "false",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        // The server's answer to a start that sets an unknown attribute (temporalio/temporal
        // common/searchattribute/mapper.go), as the SDK rethrows it from update-with-start.
        Temporal.UpdateWithStart = _ => throw new RpcException(RpcException.StatusCode.InvalidArgument,
            "Namespace default has no mapping defined for search attribute ClipOrganizationId", null);
        services.Replace(ServiceDescriptor.Singleton(Temporal.Client));
        services.Replace(ServiceDescriptor.Singleton<INamespaceSearchAttributes>(Namespace));
    }
}

public sealed class SearchAttributesMissingTests(NamespaceWithoutSearchAttributesHost host) : IClassFixture<NamespaceWithoutSearchAttributesHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_answers_503_saying_nothing_started_and_writes_nothing()
    {
        var before = await host.Seed.WritableStateAsync();
        var response = await host.Http.OpAsync("clip.create_from_item", host.Tenant.FullKey, ApiCalls.CreateFromItemBody(host.Tenant), Guid.NewGuid().ToString());

        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.Contains("nothing was started or reserved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(before, await host.Seed.WritableStateAsync());
    }

    [Fact]
    public async Task Readiness_names_each_missing_attribute_until_an_operator_creates_them()
    {
        var response = await host.Http.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var check = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "temporal-search-attributes");
        Assert.Equal("fail", check.GetProperty("state").GetString());
        foreach (var name in SearchAttributeGap.Required.Keys)
            Assert.Contains(name, check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("search-attribute create", check.GetProperty("action").GetString(), StringComparison.Ordinal);

        // One line, naming each attribute and the command that creates it; never registered by the service.
        var line = Assert.Single(host.Logs.Errors, e => e.Contains("search-attribute create", StringComparison.Ordinal));
        foreach (var name in SearchAttributeGap.Required.Keys)
            Assert.Contains($"--name {name} --type Keyword", line, StringComparison.Ordinal);
        Assert.Empty(host.Namespace.AddRequests);

        foreach (var name in SearchAttributeGap.Required.Keys)
            host.Namespace.Register(name, IndexedValueType.Keyword);
        // The scripted client answers no DescribeNamespace, so the frontend check still fails here;
        // the search-attribute check follows the operator's fix at once.
        var after = JsonDocument.Parse(await (await host.Http.GetAsync("/readyz", Ct)).Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("pass", after.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "temporal-search-attributes").GetProperty("state").GetString());
    }
}
