using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Worker.Interceptors;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// A worker interceptor for replay tests: records what the real workflow code answered to each
/// Admit update (result or exception) and the state its GetState query returns at the end, which
/// replay itself does not compare with the history.
/// </summary>
public sealed class OutcomeCapture : IWorkerInterceptor
{
    public ClipJobState? FinalState { get; private set; }
    public List<object?> AdmitOutcomes { get; } = [];

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, this);

    private sealed class Inbound(WorkflowInboundInterceptor next, OutcomeCapture capture) : WorkflowInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            try
            {
                return await base.ExecuteWorkflowAsync(input);
            }
            finally
            {
                capture.FinalState = ((ClipWorkflow)Temporalio.Workflows.Workflow.Instance).GetState();
            }
        }

        public override async Task<object?> HandleUpdateAsync(HandleUpdateInput input)
        {
            try
            {
                var result = await base.HandleUpdateAsync(input);
                capture.AdmitOutcomes.Add(result);
                return result;
            }
            catch (Exception e)
            {
                capture.AdmitOutcomes.Add(e);
                throw;
            }
        }
    }
}
