using System.Diagnostics;
using Geopera.Clip.Activities.Telemetry;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace Geopera.Clip.Host.Telemetry;

/// <summary>
/// Carries a job's trace and identity from the create to its activities (<see cref="JobContextHeaders"/>),
/// in place of the SDK's OpenTelemetry extension, which the package mirror does not serve.
/// Client: the start of a ClipWorkflow gets the caller's trace context and the job's ids.
/// Workflow: each scheduled activity gets the same headers the run was started with; nothing is
/// created, timed or random inside the workflow, so replay sees the same commands.
/// Activity: a span per attempt, child of the create's span, and a log scope naming the job, the
/// organization, the workflow and the attempt for every line logged while it runs.
/// </summary>
public sealed class JobContextInterceptor(ILoggerFactory? loggers = null) : IClientInterceptor, IWorkerInterceptor
{
    private readonly ILogger _scopes = (loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("Geopera.Clip.Jobs");

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new ClientOutbound(nextInterceptor);

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new WorkflowInbound(nextInterceptor);

    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new ActivityInbound(nextInterceptor, _scopes);

    private sealed class ClientOutbound(ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input) =>
            base.StartWorkflowAsync<TWorkflow, TResult>(input with
            {
                Headers = JobContextHeaders.Add(input.Headers, Activity.Current, input.Args.OfType<ClipJobInput>().FirstOrDefault()),
            });

        public override Task<WorkflowUpdateHandle<TUpdateResult>> StartUpdateWithStartWorkflowAsync<TUpdateResult>(StartUpdateWithStartWorkflowInput input)
        {
            if (input.Options.StartWorkflowOperation is { } start)
            {
                // Copy the operation, as the SDK's own interceptors do, before giving it headers.
                var withHeaders = (WithStartWorkflowOperation)start.Clone();
                withHeaders.Headers = JobContextHeaders.Add(start.Headers, Activity.Current, start.Args.OfType<ClipJobInput>().FirstOrDefault());
                input.Options.StartWorkflowOperation = withHeaders;
            }
            return base.StartUpdateWithStartWorkflowAsync<TUpdateResult>(input);
        }
    }

    private sealed class WorkflowInbound(WorkflowInboundInterceptor next) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new WorkflowOutbound(outbound));
    }

    private sealed class WorkflowOutbound(WorkflowOutboundInterceptor next) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input) =>
            base.ScheduleActivityAsync<TResult>(input with { Headers = JobContextHeaders.Forward(Workflow.Info.Headers, input.Headers) });
    }

    private sealed class ActivityInbound(ActivityInboundInterceptor next, ILogger scopes) : ActivityInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var info = ActivityExecutionContext.Current.Info;
            var job = JobContextHeaders.Job(input.Headers);
            using var span = ClipTelemetry.Source.StartActivity(ActivityKind.Internal,
                JobContextHeaders.TraceParent(input.Headers) ?? default, name: "activity " + input.Activity.Name);
            span?.SetTag("temporal.activity.type", input.Activity.Name);
            span?.SetTag("temporal.workflow.id", info.WorkflowId);
            span?.SetTag("temporal.activity.attempt", info.Attempt);
            using var scope = scopes.BeginScope(new Dictionary<string, object?>
            {
                ["JobId"] = job?.JobId,
                ["OrganizationId"] = job?.OrganizationId,
                ["WorkflowId"] = info.WorkflowId,
                ["ActivityType"] = input.Activity.Name,
                ["ActivityAttempt"] = info.Attempt,
            });
            try
            {
                return await base.ExecuteActivityAsync(input);
            }
            catch (Exception e)
            {
                span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
                throw;
            }
        }
    }
}
