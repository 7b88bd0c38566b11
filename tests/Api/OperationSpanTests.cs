using System.Diagnostics;
using System.Net;
using Geopera.Clip.Host.Api.Pipeline;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>
/// The request's span, as a tracing backend receives it from ASP.NET Core's own activity source:
/// it names the operation (bounded, unlike a job's path), and a problem's trace_id is that span's
/// trace, so support can find the request from what the caller quotes.
/// </summary>
public sealed class OperationSpanTests(ApiTestHost host) : IClassFixture<ApiTestHost>, IDisposable
{
    private readonly SpanRecorder _spans = new("Microsoft.AspNetCore");

    public void Dispose() => _spans.Dispose();

    [Theory]
    [InlineData("clip.job.get")]
    [InlineData("clip.job.downloads")]
    public async Task A_problem_quotes_the_trace_of_the_span_that_names_its_operation(string operation)
    {
        // The caller's trace tells this request's server span apart from parallel tests' requests.
        var (response, traceId) = await ApiCalls.InCallerTraceAsync(() => host.Http.OpAsync(operation, host.Tenant.ReadKey, new { job_id = Guid.NewGuid() }));

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound, "job-not-found");
        Assert.Equal(traceId.ToHexString(), problem.GetProperty("trace_id").GetString());
        var span = await _spans.StoppedAsync(s => s.TraceId == traceId && s.Kind == ActivityKind.Server);
        Assert.Equal(operation, span.GetTagItem(OpPipeline.OperationTag));
    }
}
