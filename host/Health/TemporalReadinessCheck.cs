using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Health;

/// <summary>The Temporal frontend answers and the configured namespace exists (DescribeNamespace,
/// the same call the server's own CLI uses for <c>temporal operator namespace describe</c>).</summary>
public sealed class TemporalReadinessCheck(ITemporalClient client) : IReadinessCheck
{
    public string Name => "temporal";

    public async Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        var ns = client.Options.Namespace;
        try
        {
            await client.Connection.WorkflowService.DescribeNamespaceAsync(
                new DescribeNamespaceRequest { Namespace = ns }, new RpcOptions { CancellationToken = ct, Retry = false });
            return ReadinessResult.Pass($"namespace '{ns}' at {client.Connection.Options.TargetHost}");
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return ReadinessResult.Fail($"Namespace '{ns}' does not exist on {client.Connection.Options.TargetHost}.",
                $"Create it (`temporal operator namespace create --namespace {ns}`) or set Temporal:Namespace to an existing one.");
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            return ReadinessResult.Fail($"Temporal at {client.Connection.Options.TargetHost} is unreachable: {e.Message}",
                "Check that the Temporal frontend is up and that Temporal:Address (and its TLS settings) point at it.");
        }
    }
}
