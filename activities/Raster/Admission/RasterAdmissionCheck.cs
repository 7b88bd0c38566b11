using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.Raster.Aoi;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.Logging;

namespace Geopera.Clip.Activities.Raster.Admission;

/// <summary>
/// Admission's look at an asset: its header (<see cref="RasterHeaders"/>) through the warp's own
/// pre-checks (<see cref="ClipPreChecks"/>), so an AOI outside the raster, a raster the engine
/// refuses (no transformation to WGS 84, no georeferencing) or an AOI under a pixel is refused
/// before credits are reserved, with the message the warp would have failed with, naming the asset.
/// A header that cannot be read for a transient reason (network, storage) does not hold admission
/// up: the job is admitted and the warp, which checks again, retries.
/// </summary>
public sealed class RasterAdmissionCheck(SourcePathResolver paths, RasterHeaders headers, ILogger<RasterAdmissionCheck> logger) : IAssetAdmissionCheck
{
    public async Task CheckAsync(SourceAsset asset, string aoiGeoJson, CancellationToken ct)
    {
        // The API validated the AOI; one that fails here fails the warp as it always did.
        var aoi = AoiValidator.Validate(aoiGeoJson);
        if (!aoi.IsValid) return;
        var href = asset.Href.Split('?', 2)[0]; // query strings can carry signatures
        try
        {
            var gdalPath = paths.Resolve(asset.Href);
            var info = await headers.ReadAsync(asset.Href, gdalPath, ct).ConfigureAwait(false);
            await Task.Run(() => Plan(aoi.Geometry!, info, gdalPath, href), ct).ConfigureAwait(false);
        }
        catch (ClipFailure failure) when (!failure.Retryable)
        {
            logger.AssetRefusedAtAdmission(asset.Key, failure.Code, failure.Message);
            throw new DataPlatformException(failure.Code, $"Asset '{asset.Key}': {failure.Message}");
        }
        catch (ClipFailure failure)
        {
            logger.AssetHeaderUnread(asset.Key, failure.Message);
        }
    }

    private static void Plan(NetTopologySuite.Geometries.Geometry aoi, Native.RasterInfo header, string gdalPath, string href)
    {
        using var errors = new Native.GdalErrorScope();
        try
        {
            if (SensorGeoreferencing.ModelOf(header) == SensorModel.None)
            {
                ClipPreChecks.Plan(aoi, header, href);
                return;
            }
            // GCP or RPC imagery: the grid the warp checks is its virtual north-up raster's, made from
            // the header alone (no pixel is read).
            using var source = Native.GdalDataset.Open(gdalPath)
                ?? throw GdalFailureClassifier.Classify($"Cannot open the source raster {href}", errors.Errors);
            using var view = ClipSourceView.Over(source, header, aoi, errors, href);
            ClipPreChecks.Plan(aoi, view.Info, href);
        }
        catch (Exception e) when (e is not ClipFailure)
        {
            throw GdalFailureClassifier.Unexpected($"Checking the AOI against {href} failed", e, errors.Errors);
        }
    }
}
