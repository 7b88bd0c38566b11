using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class CompensationPlanTests
{
    private static readonly JobFailure Quota = new(ClipErrors.QuotaExceeded, "quota exceeded");
    private static readonly JobFailure Raster = new(ClipErrors.InvalidRaster, "not a GeoTIFF");

    [Theory]
    [InlineData(JobStage.Resolving)]
    [InlineData(JobStage.Reserving)]
    public void Admission_rejection_undoes_nothing(JobStage stage)
    {
        var plan = CompensationPlan.For(stage, Quota, cancelled: false, admissionRejection: true);
        Assert.Equal(new CompensationPlan(JobStatus.Rejected, Quota, DeleteOutputs: false, CloseJob: false), plan);
        Assert.False(plan.Compensates);
    }

    [Theory]
    // stage, cancelled, expected status, delete outputs, close job
    [InlineData(JobStage.Resolving, false, JobStatus.Failed, false, false)]
    [InlineData(JobStage.Resolving, true, JobStatus.Cancelled, false, false)]
    [InlineData(JobStage.Reserving, false, JobStatus.Failed, false, true)]
    [InlineData(JobStage.Reserving, true, JobStatus.Cancelled, false, true)]
    [InlineData(JobStage.Warping, false, JobStatus.Failed, true, true)]
    [InlineData(JobStage.Warping, true, JobStatus.Cancelled, true, true)]
    [InlineData(JobStage.Registering, false, JobStatus.Failed, true, true)]
    [InlineData(JobStage.Registering, true, JobStatus.Cancelled, true, true)]
    public void Undoes_what_the_stage_may_have_created(JobStage stage, bool cancelled, string status, bool delete, bool close)
    {
        var failure = cancelled ? JobFailures.Cancelled : Raster;
        Assert.Equal(new CompensationPlan(status, failure, delete, close),
            CompensationPlan.For(stage, failure, cancelled, admissionRejection: false));
    }

    [Fact]
    public void Rejection_type_after_admission_is_a_failure_not_a_rejection()
    {
        // register-artifacts refusing (e.g. NotFound: project deleted) after warps ran must clean up.
        var failure = new JobFailure(ClipErrors.NotFound, "project gone");
        var plan = CompensationPlan.For(JobStage.Registering, failure, cancelled: false, admissionRejection: true);
        Assert.Equal((JobStatus.Failed, true, true), (plan.Status, plan.DeleteOutputs, plan.CloseJob));
    }

    [Fact]
    public void Cancellation_during_reservation_still_releases()
    {
        var plan = CompensationPlan.For(JobStage.Reserving, JobFailures.Cancelled, cancelled: true, admissionRejection: true);
        Assert.Equal((JobStatus.Cancelled, true), (plan.Status, plan.CloseJob));
    }

    [Fact]
    public void Reason_names_the_failure()
    {
        Assert.Equal("InvalidRaster: not a GeoTIFF", CompensationPlan.For(JobStage.Warping, Raster, false, false).Reason);
        Assert.Contains("Cancelled", CompensationPlan.For(JobStage.Warping, JobFailures.Cancelled, true, false).Reason);
    }
}
