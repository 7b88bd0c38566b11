using Geopera.Clip.Workflows;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

public sealed class JobIdentityTests
{
    [Fact]
    public void Keys_are_scoped_per_organization() =>
        Assert.NotEqual(JobIdentity.JobId("org_1", "key-1"), JobIdentity.JobId("org_2", "key-1"));

    [Fact]
    public void Different_keys_give_different_jobs() =>
        Assert.NotEqual(JobIdentity.JobId("org_1", "key-1"), JobIdentity.JobId("org_1", "key-2"));

    [Fact]
    public void Separator_cannot_be_forged()
    {
        // ("org\n1", "key") would hash like ("org", "1\nkey"): the organization side refuses it.
        Assert.Throws<ArgumentException>(() => JobIdentity.JobId("org\n1", "key"));
        Assert.NotEqual(JobIdentity.JobId("org", "1\nkey"), JobIdentity.JobId("org", "1\nkey2"));
    }

    [Fact]
    public void Job_id_is_a_version8_uuid()
    {
        var id = JobIdentity.JobId("org_1", "key-1");
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
    }

    [Fact]
    public void Derivation_is_pinned() =>
        // A changed derivation would orphan every live idempotency key: this value must never change.
        Assert.Equal(PinnedJobId, JobIdentity.JobId("org_1", "key-1"));

    private const string PinnedJobId = "d10dc1cd-3621-8af3-8e1a-6941e9924123";

    [Fact]
    public void Admit_update_id_derivation_is_pinned() =>
        // A retried create must send the update id the server already holds, also across a deploy:
        // the value was computed outside .NET (SHA-256 of "geopera-clip/admit/v1\n{job}\n{fingerprint}").
        Assert.Equal("admit-0e9710ae80bab678e01babb3ff098dd7", JobIdentity.AdmitUpdateId(PinnedJobId, "sha256:abc"));

    [Fact]
    public void Admit_update_id_differs_per_body_and_per_job()
    {
        Assert.NotEqual(JobIdentity.AdmitUpdateId(PinnedJobId, "sha256:abc"), JobIdentity.AdmitUpdateId(PinnedJobId, "sha256:abd"));
        Assert.NotEqual(JobIdentity.AdmitUpdateId(PinnedJobId, "sha256:abc"), JobIdentity.AdmitUpdateId("another-job", "sha256:abc"));
    }

    [Theory]
    [InlineData("", "sha256:abc")]
    [InlineData("job", "")]
    public void Admit_update_id_needs_a_job_and_a_fingerprint(string jobId, string fingerprint) =>
        Assert.Throws<ArgumentException>(() => JobIdentity.AdmitUpdateId(jobId, fingerprint));

    [Fact]
    public void Workflow_id_is_the_prefixed_job_id()
    {
        var jobId = JobIdentity.JobId("org_1", "key-1");
        Assert.Equal("clip-" + PinnedJobId, JobIdentity.WorkflowId(jobId));
        Assert.Equal("clip-" + PinnedJobId, JobIdentity.WorkflowId("org_1", "key-1"));
    }

    [Theory]
    [InlineData("", "key")]
    [InlineData("org", "")]
    public void Empty_parts_are_refused(string organization, string key) =>
        Assert.Throws<ArgumentException>(() => JobIdentity.JobId(organization, key));
}
