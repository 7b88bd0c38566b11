using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Workers;

/// <summary>
/// delete-outputs, the storage half of compensation: removes every object under
/// <c>clips/{job_id}/</c> in the output bucket. Idempotent (a retry finds fewer objects, a missing
/// bucket means nothing to delete); a storage outage is retryable so the workflow keeps trying.
/// </summary>
public sealed class OutputCleanupActivities(IObjectStore store, ILogger<OutputCleanupActivities> logger) : IStorageActivities
{
    [Activity(ActivityNames.DeleteOutputs)]
    public async Task DeleteOutputsAsync(DeleteOutputsInput input)
    {
        var prefix = OutputPrefix(input);
        var ct = ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
        try
        {
            // List first, then delete: deleting while a listing pages through the same prefix can skip objects.
            var keys = new List<string>();
            await foreach (var item in store.ListAsync(input.OutputBucket, prefix, ct))
                keys.Add(item.Key);
            foreach (var key in keys)
            {
                await store.DeleteAsync(input.OutputBucket, key, ct);
                if (ActivityExecutionContext.HasCurrent)
                    ActivityExecutionContext.Current.Heartbeat(key);
            }
            logger.LogInformation("Deleted {Count} output object(s) of clip job {JobId} under {Bucket}/{Prefix}",
                keys.Count, input.JobId, input.OutputBucket, prefix);
        }
        catch (ObjectNotFoundException)
        {
            logger.LogWarning("Bucket {Bucket} of clip job {JobId} does not exist; no outputs to delete", input.OutputBucket, input.JobId);
        }
        catch (StorageUnavailableException e)
        {
            throw new ApplicationFailureException(
                $"Storage unavailable while deleting outputs of job {input.JobId}; the workflow retries: {e.Message}",
                e, ClipErrors.StorageUnavailable);
        }
    }

    /// <summary>The job's own folder. A job id that could widen the prefix (empty, a slash, a dot
    /// segment) is refused, so compensation can never delete another job's files.</summary>
    public static string OutputPrefix(DeleteOutputsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.JobId) || input.JobId.IndexOfAny(['/', '\\']) >= 0 || input.JobId.Contains("..", StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(input.OutputBucket))
        {
            throw new ApplicationFailureException(
                $"Refusing to delete outputs for job id '{input.JobId}' in bucket '{input.OutputBucket}': not a single path segment.",
                ClipErrors.InvalidRequest, nonRetryable: true);
        }
        return $"clips/{input.JobId}/";
    }
}
