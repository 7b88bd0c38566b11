using Temporalio.Exceptions;
using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Activities.DataPlatform.Jobs;
using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>
/// The data-platform activities of a clip job. Refusals become non-retryable
/// <c>ApplicationFailureException</c>s typed with <see cref="ClipErrors"/> (retrying cannot change
/// the answer); database faults propagate unchanged so the activity retry policy covers them.
/// </summary>
public sealed class DataPlatformActivities(AssetResolver resolver, CreditLedger ledger, JobLifecycle lifecycle, ILogger<DataPlatformActivities> logger)
    : IDataPlatformActivities
{
    [Activity(ActivityNames.ResolveAssets)]
    public Task<ResolvedAssets> ResolveAssetsAsync(ResolveAssetsInput input) =>
        RunAsync(ActivityNames.ResolveAssets, input.OrganizationId, ct => resolver.ResolveAsync(input, ct));

    [Activity(ActivityNames.ReserveCredits)]
    public Task<CreditReservation> ReserveCreditsAsync(ReserveCreditsInput input) =>
        RunAsync(ActivityNames.ReserveCredits, input.Job?.OrganizationId, ct => ledger.ReserveAsync(input, ct));

    [Activity(ActivityNames.RegisterArtifacts)]
    public Task RegisterArtifactsAsync(RegisterArtifactsInput input) =>
        RunAsync(ActivityNames.RegisterArtifacts, input.OrganizationId, ct => lifecycle.CompleteAsync(input, ct));

    [Activity(ActivityNames.CloseJob)]
    public Task CloseJobAsync(CloseJobInput input) =>
        RunAsync(ActivityNames.CloseJob, input.OrganizationId, ct => lifecycle.CloseAsync(input, ct));

    private async Task<T> RunAsync<T>(string activity, string? organizationId, Func<CancellationToken, Task<T>> work)
    {
        var ct = ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
        try
        {
            return await work(ct);
        }
        catch (DataPlatformException e)
        {
            logger.ActivityRefused(activity, organizationId, e.ErrorType, e.Message);
            throw e.ToApplicationFailure();
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e) && !ct.IsCancellationRequested)
        {
            // Retryable: every write here is one statement or one transaction, so nothing is half done.
            throw new ApplicationFailureException(
                $"{activity}: the database is unavailable ({DatabaseFaults.Describe(e)}); the activity will be retried. " +
                "Check that PostgreSQL is up and accepting connections.", e, ClipErrors.DatabaseUnavailable);
        }
    }
}
