using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Geopera.Clip.Host.Temporal;

/// <summary>/readyz: the namespace has every clip search attribute. While it has not (or has not
/// been checked yet), each probe checks again, so readiness never lags behind the namespace.</summary>
public sealed class SearchAttributesReadyCheck(SearchAttributePreflight preflight) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (preflight.Problem is null)
            return HealthCheckResult.Healthy();
        try
        {
            var problem = await preflight.CheckOnceAsync(cancellationToken);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(problem);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"The search attributes of Temporal namespace could not be checked: {e.Message}");
        }
    }
}
