using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>
/// <c>clip.create_from_area</c>: clip a delivery area's mosaics to an AOI. A delivery area is a
/// registered bucket/prefix of one organization's project holding one COG per mosaic type
/// (rgb, nir, …); <c>mosaic_types</c> picks some of them, as <c>asset_keys</c> does for items.
/// The job runs through the same workflow as an item clip.
/// </summary>
public sealed class ClipCreateFromArea(IdempotentAdmission admission) : IClipOperation
{
    public static readonly OperationDescriptor Descriptor = new(
        "clip.create_from_area", "clip:write", SideEffect.ExternalSpend,
        "Clip a delivery-bucket area's mosaics to an AOI",
        "A delivery area is a bucket/prefix registered to one of your projects, holding one COG per mosaic type. "
        + "Clips every mosaic of the area (or only `mosaic_types`) to the AOI through the same job lifecycle as "
        + "`clip.create_from_item`: answers once admitted, idempotent under the Idempotency-Key.",
        typeof(CreateFromAreaRequest), typeof(JobCreatedResponse),
        ClipCreation.Answers("area", "the area's or the output project"));

    public Task<IResult> HandleAsync(OpCall call) =>
        ClipCreation.HandleAsync(admission, call, "area_id", "mosaic_types", ClipSource.Area);
}
