using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Tests.Workflow;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Converters;
using Xunit;

namespace Geopera.Clip.Tests.Api.Temporal;

/// <summary>
/// clip.job.get's live warp fractions: the gateway queries the workflow's state, then asks the
/// server (DescribeWorkflowExecution, over the wire: <see cref="WireWorkflowService"/>) for the
/// last heartbeat of each pending warp. The describe response is shaped as a server fills it for
/// a started activity that heartbeated (PendingActivityInfo: type, state, heartbeat details as the
/// worker's converter encoded them, attempt).
/// </summary>
public sealed class WarpProgressOverTheWireTests : IAsyncLifetime
{
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;

    private WireWorkflowService _wire = null!;
    private ScriptedTemporal _temporal = null!;
    private readonly LogCapture _logs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _wire = await WireWorkflowService.StartAsync();
        _temporal = new ScriptedTemporal(_wire.Target);
    }

    public async ValueTask DisposeAsync() => await _wire.DisposeAsync();

    private TemporalClipJobGateway Gateway() => new(
        _temporal.Client, new RowsOnlyJobStore(), Options.Create(new TemporalSettings()),
        LoggerFactory.Create(logging => logging.AddProvider(_logs)).CreateLogger<TemporalClipJobGateway>());

    private static ClipJobState Running(params AssetProgress[] assets) => new(ClipTestData.JobId, ClipTestData.OrganizationId, JobStatus.Running, assets, [], null);

    private static PendingActivityInfo Warp(string activityId, params WarpProgress[] heartbeats)
    {
        var info = new PendingActivityInfo
        {
            ActivityId = activityId,
            ActivityType = new ActivityType { Name = ActivityNames.Warp },
            State = heartbeats.Length > 0 ? PendingActivityState.Started : PendingActivityState.Scheduled,
            Attempt = 1,
        };
        if (heartbeats.Length > 0)
        {
            info.HeartbeatDetails = new Payloads();
            info.HeartbeatDetails.Payloads_.AddRange(heartbeats.Select(h => Converter.ToPayload(h)));
        }
        return info;
    }

    private static WireAnswer<DescribeWorkflowExecutionResponse> Described(params PendingActivityInfo[] pending)
    {
        var response = new DescribeWorkflowExecutionResponse
        {
            WorkflowExecutionInfo = new WorkflowExecutionInfo
            {
                Execution = new WorkflowExecution { WorkflowId = ClipTestData.WorkflowId, RunId = "run-1" },
                Status = WorkflowExecutionStatus.Running,
            },
        };
        response.PendingActivities.AddRange(pending);
        return WireAnswer<DescribeWorkflowExecutionResponse>.Ok(response);
    }

    [Fact]
    public async Task Running_warps_report_their_last_heartbeat_from_the_server()
    {
        _temporal.Query = _ => Task.FromResult(Running(
            new AssetProgress("visual", "rgb", AssetStatus.Running, 0),
            new AssetProgress("nir", "nir", AssetStatus.Running, 0.1),
            new AssetProgress("red", "red", AssetStatus.Completed, 1)));
        _wire.Describe = _ => Described(
            Warp("4", new WarpProgress("rgb", 0.25, WarpStages.Warping), new WarpProgress("rgb", 0.6, WarpStages.Warping)),
            Warp("5"));

        var state = await Gateway().GetStateAsync(ClipTestData.WorkflowId, Ct);

        Assert.Equal([0.6, 0.1, 1.0], state!.Assets.Select(a => a.Fraction));
        var asked = Assert.Single(_wire.DescribeRequests);
        Assert.Equal(("default", ClipTestData.WorkflowId, ""), (asked.Namespace, asked.Execution.WorkflowId, asked.Execution.RunId));
    }

    [Fact]
    public async Task A_job_without_running_warps_never_asks_the_server_for_heartbeats()
    {
        _temporal.Query = _ => Task.FromResult(Running(
            new AssetProgress("visual", "rgb", AssetStatus.Scheduled, 0), new AssetProgress("nir", "nir", AssetStatus.Completed, 1)));
        _wire.Describe = _ => Described(Warp("4", new WarpProgress("rgb", 0.9)));

        var state = await Gateway().GetStateAsync(ClipTestData.WorkflowId, Ct);

        Assert.Equal([0.0, 1.0], state!.Assets.Select(a => a.Fraction));
        Assert.Empty(_wire.DescribeRequests);
    }

    [Theory]
    [InlineData(5, "workflow not found for ID")] // NOT_FOUND: closed and gone between the query and the describe
    [InlineData(14, "connection reset")] // UNAVAILABLE
    [InlineData(7, "Request unauthorized.")] // PERMISSION_DENIED: a key allowed to query but not to describe
    public async Task A_failed_describe_still_answers_the_workflows_own_state_and_says_why(int grpcStatus, string message)
    {
        _temporal.Query = _ => Task.FromResult(Running(new AssetProgress("visual", "rgb", AssetStatus.Running, 0.3)));
        _wire.Describe = _ => WireAnswer<DescribeWorkflowExecutionResponse>.Status(grpcStatus, message);

        var state = await Gateway().GetStateAsync(ClipTestData.WorkflowId, Ct);

        Assert.Equal([0.3], state!.Assets.Select(a => a.Fraction));
        Assert.Single(_wire.DescribeRequests);
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Name == "QueryFailed");
        Assert.Contains("heartbeat progress unavailable", warning.Message, StringComparison.Ordinal);
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }
}
