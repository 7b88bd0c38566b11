using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>The caller an API key authenticates.</summary>
public sealed record ApiPrincipal(string KeyId, string OrganizationId, IReadOnlySet<string> Scopes);

/// <summary>A job row as stored.</summary>
public sealed record JobRecord(
    string Id,
    string OrganizationId,
    string ProjectId,
    string JobType,
    string Status,
    string RequestJson,
    string AoiGeoJson,
    IReadOnlyList<string> AssetKeys,
    IReadOnlyList<ClipArtifact> OutputArtifacts,
    JobFailure? Failure,
    string WorkflowId,
    string OutputBucket,
    long ReservedUnits,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt);

/// <summary>One page of jobs, newest first, with the total matching the filter.</summary>
public sealed record JobPage(IReadOnlyList<JobRecord> Jobs, long Total);

/// <summary>A stored idempotency key. <see cref="ResponseJson"/> is the answer once the API has
/// recorded it: the admission (<see cref="ResponseStatus"/> 200) or the refusal's problem (4xx).</summary>
public sealed record IdempotencyRecord(
    string OrganizationId,
    string Key,
    string Fingerprint,
    string JobId,
    string? ResponseJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int ResponseStatus = 200);

/// <summary>The answer a key was given: 200 with the admission, or a 4xx refusal's problem document.</summary>
public sealed record StoredAnswer(int Status, string Json)
{
    public static StoredAnswer Admitted(string json) => new(200, json);
}

/// <summary>Outcome of looking up an idempotency key against a request fingerprint.</summary>
public enum IdempotencyMatch { None, SameRequest, DifferentRequest }

/// <summary>Credit account balance of an organization.</summary>
public sealed record CreditBalance(string OrganizationId, long Limit, long Reserved, long Committed)
{
    public long Used => Reserved + Committed;
}
