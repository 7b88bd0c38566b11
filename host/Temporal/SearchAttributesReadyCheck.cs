using Geopera.Clip.Host.Health;

namespace Geopera.Clip.Host.Temporal;

/// <summary>/readyz: the namespace has every clip search attribute. While it has not (or has not
/// been checked yet), each probe checks again, so readiness never lags behind the namespace.</summary>
public sealed class SearchAttributesReadyCheck(SearchAttributePreflight preflight) : IReadinessCheck
{
    private const string Action = "Create them with `temporal operator search-attribute create` (the service's log line names each " +
        "with its command; Temporal Cloud: its UI or tcld), or leave Temporal:RegisterSearchAttributes true so the service registers them.";

    public string Name => "temporal-search-attributes";

    public async Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        if (preflight.Problem is null)
            return ReadinessResult.Pass();
        try
        {
            var problem = await preflight.CheckOnceAsync(ct);
            return problem is null ? ReadinessResult.Pass() : ReadinessResult.Fail(problem, Action);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return ReadinessResult.Fail($"The search attributes of the Temporal namespace could not be checked: {e.Message}",
                "Check that Temporal is reachable (see the temporal check).");
        }
    }
}
