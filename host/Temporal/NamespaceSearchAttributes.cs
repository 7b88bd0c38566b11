using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;

namespace Geopera.Clip.Host.Temporal;

/// <summary>The custom search attributes of the service's namespace, as the server's
/// OperatorService lists and adds them.</summary>
public interface INamespaceSearchAttributes
{
    string Namespace { get; }

    Task<IReadOnlyDictionary<string, IndexedValueType>> ListAsync(CancellationToken ct);

    Task AddAsync(IReadOnlyDictionary<string, IndexedValueType> attributes, CancellationToken ct);
}

/// <summary><see cref="INamespaceSearchAttributes"/> through the client's connection (the same
/// address, TLS and API key as every other call).</summary>
public sealed class TemporalNamespaceSearchAttributes(ITemporalClient client) : INamespaceSearchAttributes
{
    public string Namespace => client.Options.Namespace;

    public async Task<IReadOnlyDictionary<string, IndexedValueType>> ListAsync(CancellationToken ct)
    {
        var response = await client.Connection.OperatorService.ListSearchAttributesAsync(
            new ListSearchAttributesRequest { Namespace = Namespace }, new RpcOptions { CancellationToken = ct });
        return response.CustomAttributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
    }

    public async Task AddAsync(IReadOnlyDictionary<string, IndexedValueType> attributes, CancellationToken ct)
    {
        var request = new AddSearchAttributesRequest { Namespace = Namespace };
        foreach (var (name, type) in attributes)
            request.SearchAttributes[name] = type;
        await client.Connection.OperatorService.AddSearchAttributesAsync(request, new RpcOptions { CancellationToken = ct });
    }
}
