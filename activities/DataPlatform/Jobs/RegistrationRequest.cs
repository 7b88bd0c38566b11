using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Activities.DataPlatform.Jobs;

/// <summary>Shape checks of a <see cref="RegisterArtifactsInput"/>, before anything is written.</summary>
internal static class RegistrationRequest
{
    public static void Validate(RegisterArtifactsInput input)
    {
        if (string.IsNullOrWhiteSpace(input.OrganizationId))
            throw DataPlatformException.Invalid("The organization is missing.");
        if (input.Artifacts is not { Count: > 0 })
            throw DataPlatformException.Invalid($"Job {input.JobId} has no artifacts to register.");
        if (input.TargetCollectionId is { Length: 0 })
            throw DataPlatformException.Invalid("target_collection_id is empty; omit it to register nothing.");
        var prefix = $"clips/{input.JobId}/";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var artifact in input.Artifacts)
        {
            if (artifact is null || string.IsNullOrWhiteSpace(artifact.MosaicType) || string.IsNullOrWhiteSpace(artifact.Filename)
                || string.IsNullOrWhiteSpace(artifact.Checksum))
                throw DataPlatformException.Invalid("Every artifact needs a mosaic type, a file name and a checksum.");
            if (!seen.Add(artifact.MosaicType))
                throw DataPlatformException.Invalid($"Two artifacts share mosaic type '{artifact.MosaicType}'.");
            if (artifact.SizeBytes < 0)
                throw DataPlatformException.Invalid($"Artifact {artifact.MosaicType} has a negative size ({artifact.SizeBytes}).");
            if (!artifact.GcsPath.StartsWith(prefix, StringComparison.Ordinal) || artifact.GcsPath.Length == prefix.Length
                || artifact.GcsPath.Split('/').Any(s => s is "." or ".." or ""))
                throw DataPlatformException.Invalid($"Artifact path '{artifact.GcsPath}' is not an object under {prefix}.");
        }
    }

    /// <summary>Credits actually used: the reservation pro rata of the assets that produced an output
    /// (all of it when every asset did), rounded up, never more than reserved.</summary>
    public static long UsedUnits(long reserved, int assetCount, int artifactCount) =>
        assetCount <= 0 ? reserved : Math.Min(reserved, (reserved * Math.Min(artifactCount, assetCount) + assetCount - 1) / assetCount);
}
