using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>The Admit update's outcome, which replay cannot see.</summary>
public sealed class AdmissionTests
{
    [Fact]
    public void UndecidedHasNoOutcome()
    {
        var admission = new Admission(ClipTestData.Input());
        Assert.False(admission.IsDecided);
        Assert.Throws<InvalidOperationException>(admission.Outcome);
    }

    [Fact]
    public void AdmittedJobAnswersWithTheRunningJob()
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
    public void RefusedJobFailsTheUpdateWithTheAdmissionErrorType(string type)
    {
        var admission = new Admission(ClipTestData.Input());
        admission.Refuse(new JobFailure(type, "refused"));
        var e = Assert.Throws<ApplicationFailureException>(admission.Outcome);
        Assert.Equal(type, e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.False(admission.IsAdmitted);
    }

    [Fact]
    public void QuotaRefusalCarriesUsedLimitRequested()
    {
        var numbers = new Dictionary<string, long> { ["used"] = 95, ["limit"] = 100, ["requested"] = 12 };
        var admission = new Admission(ClipTestData.Input());
        admission.Refuse(new JobFailure(ClipErrors.QuotaExceeded, "quota", numbers));
        var e = Assert.Throws<ApplicationFailureException>(admission.Outcome);
        Assert.Equal(numbers, e.Details.ElementAt<IReadOnlyDictionary<string, long>>(0));
    }

    [Fact]
    public void DecidedOnce()
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
