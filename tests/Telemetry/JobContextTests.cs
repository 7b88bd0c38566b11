using System.Diagnostics;
using Geopera.Clip.Activities.Telemetry;
using Geopera.Clip.Host.Telemetry;
using Geopera.Clip.Tests.Api;
using Geopera.Clip.Tests.Workflow;
using Geopera.Clip.Workflows;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Api.Common.V1;
using Temporalio.Testing;
using Temporalio.Worker;
using Temporalio.Worker.Interceptors;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>
/// One trace from a create to the job's activities, carried through Temporal headers by
/// <see cref="JobContextInterceptor"/>, in the three places it acts: the service's start of the
/// workflow (through the real gateway and client, the scripted boundary receiving what a server
/// would), the workflow's scheduling of activities (the real workflow code under replay) and the
/// activity's execution (the interceptor the workers install, under Temporal's activity
/// environment). No server runs here, so the hops are checked one after the other with the
/// headers each one hands the next.
/// </summary>
public sealed class JobContextTests(LoggedHost host) : IClassFixture<LoggedHost>, IDisposable
{
    private readonly SpanRecorder _spans = new(ClipTelemetry.ActivitySourceName);

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task The_create_trace_and_the_job_ids_reach_every_activity_span_and_log_scope()
    {
        var (jobId, traceId) = await ApiCalls.InCallerTraceAsync(() => host.CreateJobAsync(host.Tenant));

        // 1. The start the service sent carries the request's trace and the job.
        var start = host.Boundary!.UpdateWithStarts.Last(s => s.Options.StartWorkflowOperation!.Options.Id == JobIdentity.WorkflowId(jobId));
        var startHeaders = start.Options.StartWorkflowOperation!.Headers!;
        Assert.Equal(traceId, JobContextHeaders.TraceParent(startHeaders.AsReadOnly())!.Value.TraceId);
        Assert.Equal(new JobContext(jobId, host.Tenant.OrganizationId), JobContextHeaders.Job(startHeaders.AsReadOnly()));

        // 2. The workflow passes those headers on to every activity it schedules.
        var scheduled = await ReplayWithStartHeadersAsync(startHeaders);
        Assert.NotEmpty(scheduled);
        Assert.All(scheduled, s => Assert.Equal(startHeaders[JobContextHeaders.TraceKey], s.Headers![JobContextHeaders.TraceKey]));
        Assert.All(scheduled, s => Assert.Equal(startHeaders[JobContextHeaders.JobKey], s.Headers![JobContextHeaders.JobKey]));

        // 3. The activity runs in a span of the same trace, and its log lines name job, organization, workflow and attempt.
        var logged = await RunActivityAsync(scheduled[0].Activity, scheduled[0].Headers!, attempt: 3);
        var span = Assert.Single(_spans.Stopped, s => s.OperationName == "activity " + scheduled[0].Activity);
        Assert.Equal(traceId, span.TraceId);
        Assert.Equal(traceId, logged.TraceId);
        Assert.Equal(jobId, logged.Entry.Fields["JobId"]);
        Assert.Equal(host.Tenant.OrganizationId, logged.Entry.Fields["OrganizationId"]);
        Assert.Equal(JobIdentity.WorkflowId(jobId), logged.Entry.Fields["WorkflowId"]);
        Assert.Equal("3", logged.Entry.Fields["ActivityAttempt"]);
    }

    private static async Task<List<ActivityCommandCapture.Scheduled>> ReplayWithStartHeadersAsync(IDictionary<string, Payload> headers)
    {
        var history = ClipHistories.OneAsset();
        var started = history.Events.First().WorkflowExecutionStartedEventAttributes;
        started.Header = new Header();
        foreach (var (key, value) in headers)
            started.Header.Fields[key] = value;
        var capture = new ActivityCommandCapture();
        // The capture sits outside, so it sees what the service's interceptor handed on.
        var options = TestReplayer.Options(capture, new JobContextInterceptor());
        await new WorkflowReplayer(options).ReplayWorkflowAsync(history, throwOnReplayFailure: true, TestContext.Current.CancellationToken);
        return [.. capture.All];
    }

    private async Task<(ActivityTraceId TraceId, RenderedLogs.Entry Entry)> RunActivityAsync(string activity, IDictionary<string, Payload> headers, int attempt)
    {
        var workflowId = JobIdentity.WorkflowId(JobContextHeaders.Job(headers.AsReadOnly())!.JobId);
        var rendered = new RenderedLogs();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(rendered));
        var environment = new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { WorkflowId = workflowId, Attempt = attempt } };
        var terminal = new Terminal(loggers.CreateLogger("Geopera.Clip.Tests.Activity"));
        var inbound = new JobContextInterceptor(loggers).InterceptActivity(terminal);
        var definition = ActivityDefinition.Create(activity, typeof(object), [], 0, _ => null);
        await environment.RunAsync(() => inbound.ExecuteActivityAsync(new ExecuteActivityInput(definition, [], headers.AsReadOnly())));
        return (terminal.TraceId, Assert.Single(rendered.Entries, e => e.Message == "activity body ran"));
    }

    /// <summary>Stands where the worker runs the activity's code: logs one line from inside it.</summary>
    private sealed class Terminal(ILogger log) : ActivityInboundInterceptor(null!) // last in the chain: it has no next
    {
        public ActivityTraceId TraceId { get; private set; }

        public override Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            TraceId = Activity.Current?.TraceId ?? default;
#pragma warning disable CA1848 // a test's one line, not a service message
            log.LogInformation("activity body ran");
#pragma warning restore CA1848
            return Task.FromResult<object?>(null);
        }
    }
}
