using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>The Admit update's outcome, which replay cannot see.</summary>
public sealed class AdmissionTests
{
    [Fact]
    public void Undecided_has_no_outcome()
    {
        var admission = new Admission(ClipTestData.Input());
        Assert.False(admission.IsDecided);
        Assert.Throws<InvalidOperationException>(admission.Outcome);
    }

    [Fact]
    public void Admitted_job_answers_with_the_running_job()
    {
        var admission = new Admission(ClipTestData.Input());
        admission.Admit(ClipTestData.Resolved(3));
        var result = admission.Outcome();
        Assert.Equal(new JobSummary(ClipTestData.JobId, "running", "cog_clip", ClipTestData.OrganizationId), result.Job);
        Assert.Equal(3, result.AssetsToClip);
        Assert.Equal(["data_1", "data_2", "data_3"], result.AssetKeys);
        Assert.True(admission.IsAdmitted);
    }

    public static TheoryData<string> RejectionTypes =>
        [ClipErrors.NoRasterAssets, ClipErrors.NoStorageBucket, ClipErrors.NotFound, ClipErrors.Forbidden, ClipErrors.QuotaExceeded];

    [Theory]
    [MemberData(nameof(RejectionTypes))]
    public void Refused_job_fails_the_update_with_the_admission_error_type(string type)
    {
        var admission = new Admission(ClipTestData.Input());
        admission.Refuse(new JobFailure(type, "refused"));
        var e = Assert.Throws<ApplicationFailureException>(admission.Outcome);
        Assert.Equal(type, e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.False(admission.IsAdmitted);
    }

    [Fact]
    public void Quota_refusal_carries_used_limit_requested()
    {
        var numbers = new Dictionary<string, long> { ["used"] = 95, ["limit"] = 100, ["requested"] = 12 };
        var admission = new Admission(ClipTestData.Input());
        admission.Refuse(new JobFailure(ClipErrors.QuotaExceeded, "quota", numbers));
        var e = Assert.Throws<ApplicationFailureException>(admission.Outcome);
        Assert.Equal(numbers, e.Details.ElementAt<IReadOnlyDictionary<string, long>>(0));
    }

    [Fact]
    public void Decided_once()
    {
        var admission = new Admission(ClipTestData.Input());
        admission.Admit(ClipTestData.Resolved(1));
        Assert.Throws<InvalidOperationException>(() => admission.Refuse(JobFailures.Cancelled));
        Assert.Throws<InvalidOperationException>(() => admission.Admit(ClipTestData.Resolved(2)));
        // The refused second decisions left the first one standing: one asset, admitted.
        var outcome = admission.Outcome();
        Assert.Equal(JobStatus.Running, outcome.Job.Status);
        Assert.Equal(["data_1"], outcome.AssetKeys);
    }
}
