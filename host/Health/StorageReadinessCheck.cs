using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Host.Health;

/// <summary>The object store can serve: the local root is there and writable, or the Cloud Storage
/// buckets of <c>Storage:Buckets</c> exist and answer (see <see cref="IObjectStoreProbe"/>).</summary>
public sealed class StorageReadinessCheck(IObjectStoreProbe probe) : IReadinessCheck
{
    public string Name => "storage";

    public async Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        var result = await probe.ProbeAsync(ct);
        return result.Ready ? ReadinessResult.Pass(result.Detail) : ReadinessResult.Fail(result.Detail, result.Action ?? "See the service log.");
    }
}
