using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Tests.Infrastructure;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

public sealed class IdempotencyStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly Platform _platform = new(database);
    private IIdempotencyStore Store => _platform.Idempotency;

    private async Task<(string Organization, string Key, string JobId)> NewKeyAsync() =>
        (await _platform.Data.OrganizationAsync(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

    private Task ExpireAsync(string organization, string key) =>
        _platform.Data.ExecuteAsync("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE organization_id = $1 AND key = $2", organization, key);

    [Fact]
    public async Task Same_key_and_fingerprint_finds_the_existing_job()
    {
        var (organization, key, job) = await NewKeyAsync();
        Assert.Equal(IdempotencyMatch.None, (await Store.FindAsync(organization, key, "fp-1", CancellationToken.None)).Match);

        Assert.Equal(IdempotencyMatch.None, await Store.SaveAsync(organization, key, "fp-1", job, null, CancellationToken.None));
        Assert.Equal(IdempotencyMatch.SameRequest, await Store.SaveAsync(organization, key, "fp-1", job, StoredAnswer.Admitted("""{"job":{"id":"1"}}"""), CancellationToken.None));
        Assert.Equal(IdempotencyMatch.SameRequest, await Store.SaveAsync(organization, key, "fp-1", job, StoredAnswer.Admitted("""{"job":{"id":"2"}}"""), CancellationToken.None));

        var (match, record) = await Store.FindAsync(organization, key, "fp-1", CancellationToken.None);
        Assert.Equal(IdempotencyMatch.SameRequest, match);
        Assert.Equal(job, record!.JobId);
        Assert.Equal("""{"job": {"id": "1"}}""", record.ResponseJson);
        Assert.InRange(record.ExpiresAt - record.CreatedAt, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Same_key_with_another_fingerprint_is_a_conflict_and_changes_nothing()
    {
        var (organization, key, job) = await NewKeyAsync();
        await Store.SaveAsync(organization, key, "fp-1", job, null, CancellationToken.None);

        Assert.Equal(IdempotencyMatch.DifferentRequest, await Store.SaveAsync(organization, key, "fp-2", Guid.NewGuid().ToString(), StoredAnswer.Admitted("{}"), CancellationToken.None));
        var (match, record) = await Store.FindAsync(organization, key, "fp-2", CancellationToken.None);

        Assert.Equal(IdempotencyMatch.DifferentRequest, match);
        Assert.Equal(("fp-1", job, (string?)null), (record!.Fingerprint, record.JobId, record.ResponseJson));
    }

    [Fact]
    public async Task Keys_are_scoped_per_organization()
    {
        var (organization, key, job) = await NewKeyAsync();
        var other = await _platform.Data.OrganizationAsync();
        await Store.SaveAsync(organization, key, "fp-1", job, null, CancellationToken.None);
        Assert.Equal(IdempotencyMatch.None, (await Store.FindAsync(other, key, "fp-2", CancellationToken.None)).Match);
        Assert.Equal(IdempotencyMatch.None, await Store.SaveAsync(other, key, "fp-2", Guid.NewGuid().ToString(), null, CancellationToken.None));
    }

    [Fact]
    public async Task Expired_keys_are_forgotten_and_removed()
    {
        var (organization, key, job) = await NewKeyAsync();
        await Store.SaveAsync(organization, key, "fp-1", job, StoredAnswer.Admitted("{}"), CancellationToken.None);
        await ExpireAsync(organization, key);

        var other = Guid.NewGuid().ToString();
        await Store.SaveAsync(organization, other, "fp-9", Guid.NewGuid().ToString(), null, CancellationToken.None);
        await ExpireAsync(organization, other);
        var live = Guid.NewGuid().ToString();
        await Store.SaveAsync(organization, live, "fp-live", Guid.NewGuid().ToString(), null, CancellationToken.None);

        Assert.Equal((IdempotencyMatch.None, (IdempotencyRecord?)null), await Store.FindAsync(organization, key, "fp-1", CancellationToken.None));
        Assert.Equal([live], await _platform.Data.ScalarAsync<string[]>("SELECT array_agg(key) FROM idempotency_keys WHERE organization_id = $1", organization));
    }

    [Fact]
    public async Task An_expired_key_can_be_bound_to_a_new_request()
    {
        var (organization, key, job) = await NewKeyAsync();
        await Store.SaveAsync(organization, key, "fp-1", job, StoredAnswer.Admitted("{}"), CancellationToken.None);
        await ExpireAsync(organization, key);
        var newJob = Guid.NewGuid().ToString();

        Assert.Equal(IdempotencyMatch.None, await Store.SaveAsync(organization, key, "fp-2", newJob, null, CancellationToken.None));
        var (match, record) = await Store.FindAsync(organization, key, "fp-2", CancellationToken.None);
        Assert.Equal((IdempotencyMatch.SameRequest, newJob, (string?)null), (match, record!.JobId, record.ResponseJson));
    }

    [Fact]
    public async Task Bad_input_is_refused_without_writing()
    {
        var (organization, key, job) = await NewKeyAsync();
        var before = await _platform.Data.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys");
        async Task Refused(string error, Func<Task> save) => Assert.Equal(error, (await Assert.ThrowsAsync<DataPlatformException>(save)).ErrorType);

        await Refused("InvalidRequest", () => Store.SaveAsync(organization, key, "fp", "not-a-uuid", null, CancellationToken.None));
        await Refused("InvalidRequest", () => Store.SaveAsync(organization, "", "fp", job, null, CancellationToken.None));
        await Refused("InvalidRequest", () => Store.SaveAsync(organization, key, "fp", job, StoredAnswer.Admitted("{broken"), CancellationToken.None));
        await Refused("NotFound", () => Store.SaveAsync("org-unknown", key, "fp", job, null, CancellationToken.None));
        await Refused("InvalidRequest", () => Store.SaveAsync(organization, key, "fp", job, new StoredAnswer(500, "{}"), CancellationToken.None));
        await Refused("InvalidRequest", () => Store.SaveAsync(organization, key, "fp", job, new StoredAnswer(302, "{}"), CancellationToken.None));
        Assert.Equal(before, await _platform.Data.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys"));
    }

    [Fact]
    public async Task A_refusal_is_kept_with_its_status_and_stays_the_keys_first_answer()
    {
        var (organization, key, job) = await NewKeyAsync();
        const string refusal = """{"type":"https://api.geopera.com/problems/quota-exceeded","status":402,"used":9}""";

        Assert.Equal(IdempotencyMatch.None, await Store.SaveAsync(organization, key, "fp-1", job, new StoredAnswer(402, refusal), CancellationToken.None));
        // A later answer for the same request (e.g. a racing retry's) does not replace the first.
        Assert.Equal(IdempotencyMatch.SameRequest, await Store.SaveAsync(organization, key, "fp-1", job, StoredAnswer.Admitted("""{"job":{}}"""), CancellationToken.None));

        var (match, record) = await Store.FindAsync(organization, key, "fp-1", CancellationToken.None);
        Assert.Equal((IdempotencyMatch.SameRequest, 402), (match, record!.ResponseStatus));
        Assert.Contains("quota-exceeded", record.ResponseJson!, StringComparison.Ordinal);
        Assert.Equal(IdempotencyMatch.DifferentRequest, (await Store.FindAsync(organization, key, "fp-2", CancellationToken.None)).Match);
    }

    [Fact]
    public async Task A_key_bound_without_an_answer_takes_the_first_answers_status()
    {
        // The reservation binds the key with no answer yet (status defaults to an admission's).
        var (organization, key, job) = await NewKeyAsync();
        await Store.SaveAsync(organization, key, "fp-1", job, null, CancellationToken.None);
        await Store.SaveAsync(organization, key, "fp-1", job, new StoredAnswer(409, """{"status":409}"""), CancellationToken.None);
        Assert.Equal(409, (await Store.FindAsync(organization, key, "fp-1", CancellationToken.None)).Record!.ResponseStatus);
    }
}
