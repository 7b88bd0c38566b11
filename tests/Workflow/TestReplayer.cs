using Geopera.Clip.Workflows;
using Temporalio.Worker;
using Temporalio.Worker.Interceptors;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>Replayer options for ClipWorkflow in tests.</summary>
internal static class TestReplayer
{
    /// <summary>DebugMode turns off the SDK's deadlock detection, a wall-clock limit (2 s) on a
    /// workflow task before it yields: on a loaded CI machine a starved replay thread tripped it
    /// (TMPRL1101) although the code never blocks. Nondeterminism is still detected.</summary>
    public static WorkflowReplayerOptions Options(params IWorkerInterceptor[] interceptors) =>
        new WorkflowReplayerOptions { Interceptors = interceptors, DebugMode = true }.AddWorkflow<ClipWorkflow>();
}
