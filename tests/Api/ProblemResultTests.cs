using System.Text.Json;
using Geopera.Clip.Host.Api.Problems;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>How a problem is written (RFC 9457 application/problem+json): status, headers, the
/// standard members that extensions never override, and no body for HEAD.</summary>
public sealed class ProblemResultTests
{
    private static async Task<(HttpContext Http, string Body)> WriteAsync(ApiProblem problem, string method = "POST")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = "/v1/op/clip.job.get";
        http.TraceIdentifier = "trace-1";
        var body = new MemoryStream();
        http.Response.Body = body;
        await new ApiProblemResult(problem).ExecuteAsync(http);
        return (http, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task A_problem_is_written_with_its_status_members_and_extensions()
    {
        var (http, body) = await WriteAsync(new ApiProblem("job-not-found", 404, "Job not found", "No clip job 'x'.",
            new Dictionary<string, object?> { ["job_id"] = "x", ["status"] = 200, ["detail"] = "overridden?" }));

        Assert.Equal(404, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal("job-not-found", ApiProblemResult.AnsweredCode(http));
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(ApiProblem.TypeBase + "job-not-found", json.GetProperty("type").GetString());
        Assert.Equal("Job not found", json.GetProperty("title").GetString());
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Equal("No clip job 'x'.", json.GetProperty("detail").GetString());
        Assert.Equal("/v1/op/clip.job.get", json.GetProperty("instance").GetString());
        Assert.Equal("trace-1", json.GetProperty("trace_id").GetString());
        Assert.Equal("x", json.GetProperty("job_id").GetString());
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(1, "1")]
    [InlineData(30, "30")]
    public async Task Retry_after_is_sent_in_whole_seconds_never_below_one(int seconds, string header)
    {
        var (http, _) = await WriteAsync(ProblemCatalog.StorageFault(seconds));
        Assert.Equal(header, http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task A_problems_headers_are_sent_and_head_gets_no_body()
    {
        var (http, body) = await WriteAsync(ProblemCatalog.MethodNotAllowed("HEAD"), method: "HEAD");
        Assert.Equal(405, http.Response.StatusCode);
        Assert.Equal("POST", http.Response.Headers.Allow.ToString());
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal("", body);

        var (unauthenticated, _) = await WriteAsync(ProblemCatalog.Unauthenticated("Send a key."));
        Assert.Equal("Bearer realm=\"geopera\"", unauthenticated.Response.Headers.WWWAuthenticate.ToString());
    }

    public static TheoryData<string, ApiProblem, int, string> Catalogue() => new()
    {
        { "not-found", ProblemCatalog.NotFound("No such file."), 404, "Not found" },
        { "invalid-aoi", ProblemCatalog.InvalidAoi("self-intersection", "Edges cross."), 400, "The AOI geometry is invalid" },
        { "too-many-assets", ProblemCatalog.TooManyAssets("65 > 64", 65, 64), 400, "Too many assets for one job" },
        { "job-not-completed", ProblemCatalog.JobNotCompleted("j", "running"), 400, "The job is not completed" },
        { "range-not-satisfiable", ProblemCatalog.RangeNotSatisfiable(10), 416, "Range not satisfiable" },
        { "egress-throttled", ProblemCatalog.EgressThrottled("Slow down.", 2), 429, "Too many downloads" },
        { "storage-unavailable", ProblemCatalog.StorageFault(5), 503, "Storage temporarily unavailable" },
        { "downloads-paused", ProblemCatalog.StorageCircuitOpen(5), 429, "Downloads are paused" },
        { "service-unavailable", ProblemCatalog.BackendUnavailable(5, creating: false, Host.Api.Admission.RunnerUnavailability.NoAnswer), 503, "Service temporarily unavailable" },
        { "service-unavailable", ProblemCatalog.DatabaseUnavailable(5), 503, "Service temporarily unavailable" },
        { "internal-error", ProblemCatalog.Internal(), 500, "Internal error" },
    };

    /// <summary>Codes are what clients switch on; titles are what their users read.</summary>
    [Theory]
    [MemberData(nameof(Catalogue))]
    public void Each_problem_has_its_code_status_and_title(string code, ApiProblem problem, int status, string title) =>
        Assert.Equal((code, status, title), (problem.Code, problem.Status, problem.Title));

    [Fact]
    public void Problems_that_have_no_caller_fix_say_what_to_do_next()
    {
        Assert.Equal("The requested byte range lies outside the file of 10 bytes.", ProblemCatalog.RangeNotSatisfiable(10).Detail);
        Assert.Equal("Reading the file from storage failed; retry after the Retry-After delay.", ProblemCatalog.StorageFault(5).Detail);
        Assert.Equal("Storage reads are failing, so downloads are paused briefly; retry after the Retry-After delay.", ProblemCatalog.StorageCircuitOpen(5).Detail);
        Assert.Equal("The service's database did not answer in time; nothing was changed. Retry after the Retry-After delay.", ProblemCatalog.DatabaseUnavailable(5).Detail);
        Assert.Equal("An unexpected error occurred. Retry later; quote the trace_id when contacting support.", ProblemCatalog.Internal().Detail);
        var aoi = ProblemCatalog.InvalidAoi("self-intersection", "Edges cross.");
        Assert.Equal("self-intersection", aoi.Extensions!["code"]);
        Assert.Equal([new FieldError("aoi_geometry", "Edges cross.")], (FieldError[])aoi.Extensions["errors"]!);
    }

    [Fact]
    public void Names_a_caller_sent_are_cut_at_80_characters()
    {
        Assert.Equal($"There is no operation '{new string('o', 80)}'. The clip operations are listed at /docs.", ProblemCatalog.UnknownOperation(new string('o', 80)).Detail);
        Assert.Equal($"There is no operation '{new string('o', 80)}…'. The clip operations are listed at /docs.", ProblemCatalog.UnknownOperation(new string('o', 81)).Detail);
        Assert.Equal($"Operations are invoked with POST /v1/op/{{operation_id}}, not {new string('G', 80)}….", ProblemCatalog.MethodNotAllowed(new string('G', 81)).Detail);
    }

    [Fact]
    public void Invalid_fields_are_named_one_by_one()
    {
        var one = ProblemCatalog.InvalidRequest([new FieldError("output_name", "is required")]);
        Assert.Equal("Field 'output_name': is required", one.Detail);
        var two = ProblemCatalog.InvalidRequest([new FieldError("a", "x"), new FieldError("b", "y")]);
        Assert.Equal("2 fields are invalid: 'a': x; 'b': y", two.Detail);
        Assert.Equal(2, ((IReadOnlyList<FieldError>)two.Extensions!["errors"]!).Count);
    }

    [Fact]
    public void Unavailable_answers_say_what_to_do_next()
    {
        var creating = ProblemCatalog.BackendUnavailable(5, creating: true, Host.Api.Admission.RunnerUnavailability.NoAnswer);
        Assert.Equal((503, 5), (creating.Status, creating.RetryAfterSeconds));
        Assert.Contains("Send the same request with the same Idempotency-Key after the Retry-After delay", creating.Detail, StringComparison.Ordinal);
        var reading = ProblemCatalog.BackendUnavailable(7, creating: false, Host.Api.Admission.RunnerUnavailability.NoAnswer);
        Assert.Equal("The job scheduler could not be reached or did not answer in time. Retry after the Retry-After delay.", reading.Detail);
        var notPrepared = ProblemCatalog.BackendUnavailable(7, creating: false, Host.Api.Admission.RunnerUnavailability.NotPrepared);
        Assert.StartsWith("The job scheduler is not set up for clip jobs yet; nothing was started or reserved.", notPrepared.Detail, StringComparison.Ordinal);
        Assert.Equal((503, 9), (ProblemCatalog.DatabaseUnavailable(9).Status, ProblemCatalog.DatabaseUnavailable(9).RetryAfterSeconds));
        Assert.Equal((429, 4), (ProblemCatalog.StorageCircuitOpen(4).Status, ProblemCatalog.StorageCircuitOpen(4).RetryAfterSeconds));
        Assert.Equal((429, 3), (ProblemCatalog.EgressThrottled("slow down", 3).Status, ProblemCatalog.EgressThrottled("slow down", 3).RetryAfterSeconds));
    }

    [Fact]
    public void Job_and_range_problems_carry_what_the_caller_needs()
    {
        var notDone = ProblemCatalog.JobNotCompleted("j1", "running");
        Assert.Equal("running", notDone.Extensions!["job_status"]);
        Assert.Equal("Job 'j1' is running; its outputs are available once its status is completed. Poll clip.job.get.", notDone.Detail);
        Assert.Equal("bytes */1234", ProblemCatalog.RangeNotSatisfiable(1234).Headers!["Content-Range"]);
        var scope = ProblemCatalog.MissingScope("clip.job.delete", "clip:write");
        Assert.Equal("clip:write", scope.Extensions!["required_scope"]);
        Assert.Equal("Operation 'clip.job.delete' requires the 'clip:write' scope; ask an organization admin for a key that has it.", scope.Detail);
    }
}
