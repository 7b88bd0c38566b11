using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Activities.DataPlatform.Credits;

/// <summary>Shape checks of a <see cref="ReserveCreditsInput"/>, before anything is written.</summary>
internal static class ReservationRequest
{
    /// <summary>Larger than any real clip (the whole Earth is ~5.1e8 km² per asset) and far below
    /// overflow when added to account totals.</summary>
    public const long MaxUnitsPerJob = 1_000_000_000_000;

    public static Guid Validate(ReserveCreditsInput input)
    {
        var job = input.Job ?? throw DataPlatformException.Invalid("The job is missing.");
        var resolved = input.Resolved ?? throw DataPlatformException.Invalid("The resolved assets are missing.");
        if (string.IsNullOrWhiteSpace(job.OrganizationId) || string.IsNullOrWhiteSpace(job.IdempotencyKey))
            throw DataPlatformException.Invalid("The organization and the idempotency key are required.");
        if (string.IsNullOrWhiteSpace(job.RequestFingerprint))
            throw DataPlatformException.Invalid("The request fingerprint is missing.");
        if (input.JobId != job.JobId || input.JobId != DerivedJobId(job))
            throw DataPlatformException.Invalid(
                $"Job id {input.JobId} is not the id of idempotency key '{job.IdempotencyKey}' in organization {job.OrganizationId}; derive it with JobIdentity.JobId.");
        if (string.IsNullOrWhiteSpace(input.WorkflowId))
            throw DataPlatformException.Invalid("The workflow id is missing.");
        if (job.Source is null || (job.Source.ItemId is null) == (job.Source.AreaId is null))
            throw DataPlatformException.Invalid("Name exactly one source: an item or a delivery area.");
        if (string.IsNullOrWhiteSpace(job.ProjectId) || string.IsNullOrWhiteSpace(resolved.OutputBucket))
            throw DataPlatformException.Invalid("The output project and its bucket are required.");
        if (resolved.Assets is not { Count: > 0 })
            throw DataPlatformException.Invalid("There are no assets to reserve credits for.");
        if (resolved.ComputeUnits is <= 0 or > MaxUnitsPerJob)
            throw DataPlatformException.Invalid($"{resolved.ComputeUnits} compute units is not a valid amount (1 to {MaxUnitsPerJob}).");
        if (job.TargetCollectionId is { Length: 0 })
            throw DataPlatformException.Invalid("target_collection_id is empty; omit it to register nothing.");
        DataPlatformJson.EnsureDocument(job.RequestJson, "The request");
        DataPlatformJson.EnsureDocument(job.AoiGeoJson, "The AOI");
        return Guid.Parse(input.JobId);
    }

    private static string? DerivedJobId(ClipJobInput job)
    {
        try
        {
            return JobIdentity.JobId(job.OrganizationId, job.IdempotencyKey);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
