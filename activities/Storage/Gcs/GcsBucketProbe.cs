using System.Net;
using Google;
using Google.Cloud.Storage.V1;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Readiness of Cloud Storage: each bucket in <c>Storage:Buckets</c> answers a one-object listing.
/// Listing needs only <c>storage.objects.list</c>, which the service holds anyway to delete a
/// job's outputs (getting the bucket itself would need <c>storage.buckets.get</c>, which object
/// roles lack); a bucket that does not exist answers 404 "The specified bucket does not exist."
/// (cloud.google.com/storage/docs/json_api/v1/status-codes).
/// </summary>
public sealed class GcsBucketProbe(StorageClient client, IReadOnlyList<string> buckets) : IObjectStoreProbe
{
    public async Task<StoreProbeResult> ProbeAsync(CancellationToken ct)
    {
        if (buckets.Count == 0)
            return StoreProbeResult.Serving("no bucket is listed in Storage:Buckets, so none was checked");
        foreach (var bucket in buckets)
        {
            var failure = await ProbeBucketAsync(bucket, ct).ConfigureAwait(false);
            if (failure is not null)
                return failure;
        }
        return StoreProbeResult.Serving($"buckets {string.Join(", ", buckets)} reachable");
    }

    private async Task<StoreProbeResult?> ProbeBucketAsync(string bucket, CancellationToken ct)
    {
        try
        {
            await client.ListObjectsAsync(bucket, null, new ListObjectsOptions { PageSize = 1 }).ReadPageAsync(1, ct).ConfigureAwait(false);
            return null;
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return StoreProbeResult.Failing($"Bucket '{bucket}' does not exist.",
                "Create the bucket, or correct Storage:Buckets (and the projects' storage_bucket) to name one that exists.");
        }
        catch (GoogleApiException e) when (e.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return StoreProbeResult.Failing($"Cloud Storage refused to list bucket '{bucket}' (HTTP {(int)e.HttpStatusCode}): {e.Error?.Message ?? e.Message}",
                "Grant the service's account object access on the bucket (storage.objects.list, get, create and delete; e.g. roles/storage.objectAdmin), and check its credentials.");
        }
        catch (Exception e) when (e is GoogleApiException or HttpRequestException or IOException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return StoreProbeResult.Failing($"Cloud Storage did not answer for bucket '{bucket}': {e.Message}",
                "Check the network path to Cloud Storage (Storage:GcsBaseUri when set) and its status page.");
        }
    }
}
