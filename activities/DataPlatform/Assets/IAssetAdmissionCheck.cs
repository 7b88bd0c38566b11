using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Activities.DataPlatform.Assets;

/// <summary>
/// A look at each resolved asset before credits are reserved, so that a clip its raster cannot
/// serve (AOI outside the raster, a raster the engine refuses, an AOI under a pixel) is refused at
/// admission instead of being admitted, charged and failed. Refuses by throwing a
/// <see cref="DataPlatformException"/> naming the asset.
/// </summary>
public interface IAssetAdmissionCheck
{
    Task CheckAsync(SourceAsset asset, string aoiGeoJson, CancellationToken ct);
}

/// <summary>Admits every asset: the data platform without the clip engine (tools, benchmarks).
/// The engine registers its own check (<c>AddClipRaster</c>).</summary>
public sealed class NoAssetAdmissionCheck : IAssetAdmissionCheck
{
    public Task CheckAsync(SourceAsset asset, string aoiGeoJson, CancellationToken ct) => Task.CompletedTask;
}
