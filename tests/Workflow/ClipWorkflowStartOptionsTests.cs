using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class ClipWorkflowStartOptionsTests
{
    [Fact]
    public void One_key_one_workflow_never_run_twice()
    {
        var options = ClipWorkflowStartOptions.For(ClipTestData.Input(), "clip-main");
        Assert.Equal(ClipTestData.WorkflowId, options.Id);
        Assert.Equal("clip-main", options.TaskQueue);
        Assert.Equal(WorkflowIdConflictPolicy.UseExisting, options.IdConflictPolicy);
        Assert.Equal(WorkflowIdReusePolicy.RejectDuplicate, options.IdReusePolicy);
    }

    [Fact]
    public void Search_attributes_for_operators()
    {
        var attributes = ClipWorkflowStartOptions.For(ClipTestData.Input(), "q").TypedSearchAttributes!;
        Assert.Equal(ClipTestData.OrganizationId, attributes.Get(ClipSearchAttributes.OrganizationId));
        Assert.Equal("proj_42", attributes.Get(ClipSearchAttributes.ProjectId));
        Assert.Equal("item_s2_20261101", attributes.Get(ClipSearchAttributes.SourceItemId));
        Assert.Equal(JobStatus.Admitting, attributes.Get(ClipSearchAttributes.JobStatus));
    }

    [Fact]
    public void Area_jobs_have_no_source_item()
    {
        var input = ClipTestData.Input() with { Source = ClipSource.Area("area_1") };
        var attributes = ClipWorkflowStartOptions.For(input, "q").TypedSearchAttributes!;
        Assert.False(attributes.ContainsKey(ClipSearchAttributes.SourceItemId));
    }

    [Fact]
    public void Memo_and_summaries()
    {
        var options = ClipWorkflowStartOptions.For(ClipTestData.Input(["data_1", "data_2"]), "q");
        Assert.Equal("Berlin Mitte", options.Memo!["aoi_name"]);
        Assert.Equal("berlin_mitte", options.Memo["output_name"]);
        Assert.Equal(new[] { "data_1", "data_2" }, (IEnumerable<string>)options.Memo["asset_keys"]);
        Assert.Equal("Clip item item_s2_20261101 to Berlin Mitte → berlin_mitte", options.StaticSummary);
        Assert.Contains("data_1, data_2", options.StaticDetails);
        Assert.Contains(ClipTestData.JobId, options.StaticDetails);
    }

    [Fact]
    public void Unnamed_aoi_is_left_out_of_the_memo() =>
        Assert.False(ClipWorkflowStartOptions.For(ClipTestData.Input() with { AoiName = null }, "q").Memo!.ContainsKey("aoi_name"));

    [Fact]
    public void Job_id_must_come_from_the_key() =>
        Assert.Throws<ArgumentException>(() => ClipWorkflowStartOptions.For(ClipTestData.Input() with { JobId = "forged" }, "q"));

    [Fact]
    public void Task_queue_is_required() =>
        Assert.Throws<ArgumentException>(() => ClipWorkflowStartOptions.For(ClipTestData.Input(), ""));
}
