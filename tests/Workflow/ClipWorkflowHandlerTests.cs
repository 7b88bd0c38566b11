using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>The update validator and the query, on the workflow object itself (validators do not
/// run during replay and the replayer cannot query).</summary>
public sealed class ClipWorkflowHandlerTests
{
    private static readonly ClipWorkflow Workflow = new(ClipTestData.Input());

    [Fact]
    public void Validator_accepts_the_same_request() => Assert.Null(Record.Exception(() => Workflow.ValidateAdmit(ClipTestData.Admit())));

    [Theory]
    [InlineData("another-job", ClipTestData.Fingerprint)]
    [InlineData(null, "sha256:other-body")]
    public void Validator_refuses_another_request_with_the_same_key(string? jobId, string fingerprint)
    {
        var e = Assert.Throws<ApplicationFailureException>(() =>
            Workflow.ValidateAdmit(new AdmitRequest(jobId ?? ClipTestData.JobId, fingerprint)));
        Assert.Equal(ClipErrors.IdempotencyConflict, e.ErrorType);
    }

    [Fact]
    public void Validator_refuses_no_request() =>
        Assert.Throws<ApplicationFailureException>(() => Workflow.ValidateAdmit(null!));

    [Fact]
    public void Query_before_admission_says_admitting()
    {
        var state = Workflow.GetState();
        Assert.Equal((ClipTestData.JobId, ClipTestData.OrganizationId, JobStatus.Admitting), (state.JobId, state.OrganizationId, state.Status));
        Assert.Empty(state.Assets);
    }

    [Fact]
    public void Definition_is_valid_and_named()
    {
        var definition = WorkflowDefinition.Create<ClipWorkflow>();
        Assert.Equal("ClipWorkflow", definition.Name);
        Assert.Contains("Admit", definition.Updates.Keys);
        Assert.Contains("GetState", definition.Queries.Keys);
    }
}
