using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Geopera.Clip.Activities.Storage;

/// <summary>Storage clean-up activities of a clip job (main task queue).</summary>
public sealed class StorageActivities(IObjectStore store, ILogger<StorageActivities> logger) : IStorageActivities
{
    /// <summary>
    /// Delete every object under <c>clips/{job_id}/</c> in the output bucket. Idempotent: objects
    /// already gone are skipped, so a retry (or a second compensation) succeeds and deletes nothing.
    /// </summary>
    [Activity(ActivityNames.DeleteOutputs)]
    public async Task DeleteOutputsAsync(DeleteOutputsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ct = ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
        string prefix;
        try
        {
            prefix = JobOutputs.Prefix(input.JobId);
            ObjectNames.ValidateBucket(input.OutputBucket);
        }
        catch (ArgumentException e)
        {
            throw new ApplicationFailureException($"Cannot delete the outputs: {e.Message}", e, ClipErrors.InvalidRequest, nonRetryable: true);
        }

        var deleted = 0;
        try
        {
            // Collect first: deleting while paging through a listing can skip objects on some stores.
            var keys = await store.ListAsync(input.OutputBucket, prefix, ct).Select(o => o.Key).ToListAsync(ct).ConfigureAwait(false);
            foreach (var key in keys)
            {
                if (await store.DeleteAsync(input.OutputBucket, key, ct).ConfigureAwait(false)) deleted++;
                if (ActivityExecutionContext.HasCurrent) ActivityExecutionContext.Current.Heartbeat(deleted);
            }
        }
        catch (StorageUnavailableException e)
        {
            throw new ApplicationFailureException($"Storage was unavailable while deleting the outputs of job {input.JobId}; the activity will retry. {e.Message}", e, ClipErrors.StorageUnavailable);
        }
        logger.OutputsDeleted(deleted, input.JobId, input.OutputBucket, prefix);
    }
}
