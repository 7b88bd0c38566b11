using Geopera.Clip.Host.Hosting;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Testing;
using Xunit;

namespace Geopera.Clip.Tests.EndToEnd;

/// <summary>
/// The Temporal server end-to-end tests run against: <c>TEMPORAL_ADDRESS</c> (namespace
/// <c>TEMPORAL_NAMESPACE</c>, default "default") when set, else a dev server started from a
/// <c>temporal</c> binary on PATH. With neither, <see cref="Client"/> is null and each test reports
/// itself skipped with <see cref="SkipReason"/>: the SDK's own download of the server needs the
/// internet, which CI here does not have.
/// </summary>
public sealed class TemporalTestServer : IAsyncLifetime
{
    public const string SkipReason =
        "No Temporal server: set TEMPORAL_ADDRESS to a running server (e.g. `temporal server start-dev`) " +
        "or put the `temporal` CLI on PATH to run the end-to-end tests.";

    private WorkflowEnvironment? _environment;

    public ITemporalClient? Client { get; private set; }
    public string Address { get; private set; } = "";
    public string Namespace { get; private set; } = "default";

    /// <summary>The client, or the test is reported skipped.</summary>
    public ITemporalClient RequireClient() => Client ?? throw SkipException();

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is { Length: > 0 } address)
        {
            Address = address;
            Namespace = Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } ns ? ns : "default";
            var client = await TemporalClient.ConnectAsync(new(address) { Namespace = Namespace });
            await RegisterSearchAttributesAsync(client);
            Client = client;
            return;
        }
        if (ExecutableSearch.OnPath("temporal") is not { } binary)
            return;
        _environment = await WorkflowEnvironment.StartLocalAsync(new()
        {
            SearchAttributes = ClipSearchAttributes.All,
            DevServerOptions = new() { ExistingPath = binary, LogLevel = "warn" },
        });
        Client = _environment.Client;
        Address = _environment.Client.Connection.Options.TargetHost ?? "";
        Namespace = _environment.Client.Options.Namespace;
    }

    public async ValueTask DisposeAsync()
    {
        if (_environment is not null)
            await _environment.ShutdownAsync();
    }

    private static Exception SkipException()
    {
        Assert.Skip(SkipReason);
        return new InvalidOperationException(SkipReason); // not reached: Assert.Skip throws
    }

    // A server the tests did not start may not know the clip search attributes yet.
    private async Task RegisterSearchAttributesAsync(TemporalClient client)
    {
        var request = new AddSearchAttributesRequest { Namespace = Namespace };
        foreach (var key in ClipSearchAttributes.All)
            request.SearchAttributes[key.Name] = IndexedValueType.Keyword;
        try
        {
            await client.Connection.OperatorService.AddSearchAttributesAsync(request);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.AlreadyExists)
        {
        }
    }
}

/// <summary>One Temporal server for every end-to-end test class; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class TemporalServerCollection : ICollectionFixture<TemporalTestServer>
{
    public const string Name = "Temporal server";
}
