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

/// <summary>A stored idempotency key. <see cref="ResponseJson"/> is the admission response once
/// the API has recorded it.</summary>
public sealed record IdempotencyRecord(
    string OrganizationId,
    string Key,
    string Fingerprint,
    string JobId,
    string? ResponseJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>Outcome of looking up an idempotency key against a request fingerprint.</summary>
public enum IdempotencyMatch { None, SameRequest, DifferentRequest }

/// <summary>Credit account balance of an organization.</summary>
public sealed record CreditBalance(string OrganizationId, long Limit, long Reserved, long Committed)
{
    public long Used => Reserved + Committed;
}
