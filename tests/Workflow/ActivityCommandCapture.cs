using Temporalio.Worker.Interceptors;
using Xunit;
using Temporalio.Workflows;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// A worker interceptor for replay tests: records every activity the real workflow code schedules —
/// its name, arguments and options — as it calls <c>Workflow.ExecuteActivityAsync</c>. Replay itself
/// compares only activity names and order with the history (shared/notes/temporal-offline.md §5), so
/// this is how a test sees what each activity is asked to do and under which policy.
/// </summary>
public sealed class ActivityCommandCapture : IWorkerInterceptor
{
    public sealed record Scheduled(string Activity, IReadOnlyList<object?> Arguments, ActivityOptions Options, IDictionary<string, Temporalio.Api.Common.V1.Payload>? Headers = null)
    {
        /// <summary>Every clip activity takes one input record.</summary>
        public object? Argument => Assert.Single(Arguments);
    }

    private readonly List<Scheduled> _scheduled = [];

    public IReadOnlyList<Scheduled> All => _scheduled;

    public Scheduled Single(string activity) => Assert.Single(_scheduled, s => s.Activity == activity);

    public IEnumerable<Scheduled> Named(string activity) => _scheduled.Where(s => s.Activity == activity);

    public T ArgumentOf<T>(string activity) => Assert.IsType<T>(Single(activity).Argument);

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, this);

    private sealed class Inbound(WorkflowInboundInterceptor next, ActivityCommandCapture capture) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(outbound, capture));
    }

    private sealed class Outbound(WorkflowOutboundInterceptor next, ActivityCommandCapture capture) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            capture._scheduled.Add(new Scheduled(input.Activity, [.. input.Args], input.Options, input.Headers));
            return base.ScheduleActivityAsync<TResult>(input);
        }
    }
}
