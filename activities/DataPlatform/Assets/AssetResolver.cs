using Geopera.Clip.Activities.Geodesy;
using Geopera.Clip.Workflows.Contracts;
using Geopera.Clip.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>
/// Resolves what a clip reads and where it writes: the raster assets of an item (or the mosaics of
/// a delivery area), ownership of the source and the output project, the output bucket and the
/// compute units. Refusals are <see cref="DataPlatformException"/>s in this order: InvalidRequest,
/// NotFound, Forbidden, NoStorageBucket, NoRasterAssets, TooManyAssets (more than
/// <see cref="DataPlatformOptions.MaxAssetsPerJob"/>), then what each asset's header says
/// (<see cref="IAssetAdmissionCheck"/>: InvalidRaster, AoiOutsideRaster, InvalidAoi). Reads only.
/// </summary>
public sealed class AssetResolver(
    NpgsqlDataSource dataSource, AssetHrefPolicy hrefPolicy, IOptions<DataPlatformOptions> options, IAssetAdmissionCheck assetCheck,
    ILogger<AssetResolver> logger)
{
    public async Task<ResolvedAssets> ResolveAsync(ResolveAssetsInput input, CancellationToken ct)
    {
        var request = ResolveRequest.Validate(input);
        var rows = await SourceRows.LoadAsync(dataSource, request, ct);
        var source = input.Source.Describe();
        if (rows.Source is null)
            throw DataPlatformException.NotFound($"The source {source} does not exist.");
        if (rows.OutputProject is null)
            throw DataPlatformException.NotFound($"The output project {input.ProjectId} does not exist.");
        if (rows.Source.OrganizationId != input.OrganizationId)
            throw DataPlatformException.Forbidden($"The source {source} belongs to another organization.");
        if (rows.OutputProject.OrganizationId != input.OrganizationId)
            throw DataPlatformException.Forbidden($"The output project {input.ProjectId} belongs to another organization.");
        if (rows.OutputProject.StorageBucket is not { } bucket)
            throw new DataPlatformException(ClipErrors.NoStorageBucket,
                $"The output project {input.ProjectId} has no storage bucket; configure one or choose another project.");

        var assets = SelectRasters(source, rows.Assets, request.AssetKeys);
        if (JobLimits.AssetCount(assets.Count, options.Value.MaxAssetsPerJob) is { } tooMany)
            throw new DataPlatformException(tooMany.Type, tooMany.Message, tooMany.Details);
        // Every asset at once (a header read each); the first refusal in asset order is the answer.
        await Task.WhenAll(assets.Select(a => assetCheck.CheckAsync(a, input.AoiGeoJson, ct)));
        var footprint = GeoJsonGeometry.TryParsePolygonal(rows.Source.FootprintGeoJson) is { } stored ? Antimeridian.SplitFootprint(stored) : null;
        if (rows.Source.FootprintGeoJson is not null && footprint is null)
            logger.AssetFootprintInvalid(source);
        var units = ComputeUnits.ForClip(request.Aoi, footprint, assets.Count);
        logger.AssetsResolved(assets.Count, source, input.OrganizationId, assets.Select(a => a.Key), units);
        return new ResolvedAssets(assets, bucket, rows.Source.ProjectId, units);
    }

    private List<SourceAsset> SelectRasters(string source, IReadOnlyList<SourceAsset> all, IReadOnlySet<string>? wanted)
    {
        var candidates = wanted is null ? all : all.Where(a => wanted.Contains(a.Key)).ToList();
        if (candidates.Count == 0)
        {
            var requested = wanted is null ? "" : $" matching asset_keys [{string.Join(", ", wanted.Order(StringComparer.Ordinal))}]";
            var present = all.Count == 0 ? "it has none" : $"it has: {string.Join(", ", all.Select(a => a.Key))}";
            throw new DataPlatformException(ClipErrors.NoRasterAssets, $"The source {source} has no assets{requested} ({present}).");
        }
        var rasters = new List<SourceAsset>();
        var skipped = new List<string>();
        foreach (var asset in candidates)
        {
            if (!RasterAssets.IsRaster(asset.MediaType, asset.Href))
            {
                skipped.Add($"'{asset.Key}' ({asset.MediaType ?? "no media type"} is not a raster)");
                continue;
            }
            var verdict = hrefPolicy.Evaluate(asset.Href);
            if (!verdict.Allowed)
            {
                // Query strings can carry signatures: never log them.
                logger.AssetHrefRefused(asset.Key, source, asset.Href.Split('?', 2)[0], verdict.Reason);
                skipped.Add($"'{asset.Key}' (href refused: {verdict.Reason})");
                continue;
            }
            rasters.Add(asset);
        }
        if (rasters.Count == 0)
            throw new DataPlatformException(ClipErrors.NoRasterAssets,
                $"The source {source} has no raster assets to clip; skipped {string.Join(", ", skipped)}.");
        if (skipped.Count > 0)
            logger.AssetsSkipped(source, skipped);
        return rasters;
    }
}
