using Xunit;
using System.Net;
using Geopera.Clip.Activities.Storage;
using Google;

namespace Geopera.Clip.Tests.Storage;

public sealed class GcsErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public void Transient_statuses_become_retryable(HttpStatusCode status) =>
        Assert.IsType<StorageUnavailableException>(GcsErrors.Translate(Api(status), "b", "k", CancellationToken.None));

    [Fact]
    public void Not_found_becomes_typed_not_found()
    {
        var error = Assert.IsType<ObjectNotFoundException>(GcsErrors.Translate(Api(HttpStatusCode.NotFound), "b", "k", CancellationToken.None));
        Assert.Equal(("b", "k"), (error.Bucket, error.Key));
    }

    [Fact]
    public void A_missing_bucket_is_an_outage_of_the_bucket_not_a_missing_object()
    {
        // The JSON API's 404 for a bucket that does not exist (cloud.google.com/storage/docs/json_api/v1/status-codes).
        var missingBucket = new GoogleApiException("storage", "The specified bucket does not exist.") { HttpStatusCode = HttpStatusCode.NotFound };
        var error = Assert.IsType<StorageUnavailableException>(GcsErrors.Translate(missingBucket, "b", "k", CancellationToken.None));
        Assert.Equal(StorageFaultScope.Bucket, error.Scope);
        var missingObject = new GoogleApiException("storage", "No such object: b/k") { HttpStatusCode = HttpStatusCode.NotFound };
        Assert.IsType<ObjectNotFoundException>(GcsErrors.Translate(missingObject, "b", "k", CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    public void Caller_faults_pass_through(HttpStatusCode status)
    {
        var original = Api(status);
        Assert.Same(original, GcsErrors.Translate(original, "b", "k", CancellationToken.None));
    }

    [Fact]
    public void Network_faults_and_timeouts_become_retryable_but_a_requested_cancel_does_not()
    {
        Assert.IsType<StorageUnavailableException>(GcsErrors.Translate(new HttpRequestException("reset"), "b", "k", CancellationToken.None));
        Assert.IsType<StorageUnavailableException>(GcsErrors.Translate(new IOException("broken pipe"), "b", "k", CancellationToken.None));
        Assert.IsType<StorageUnavailableException>(GcsErrors.Translate(new TaskCanceledException("timeout"), "b", "k", CancellationToken.None));
        var cancelled = new OperationCanceledException();
        Assert.Same(cancelled, GcsErrors.Translate(cancelled, "b", "k", new CancellationToken(canceled: true)));
    }

    private static GoogleApiException Api(HttpStatusCode status) => new("storage", $"HTTP {(int)status}") { HttpStatusCode = status };
}
