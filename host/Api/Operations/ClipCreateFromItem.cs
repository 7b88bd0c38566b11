using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.create_from_item</c>: clip a data-platform item's raster assets to an AOI.</summary>
public sealed class ClipCreateFromItem(IdempotentAdmission admission) : IClipOperation
{
    public static readonly OperationDescriptor Descriptor = new(
        "clip.create_from_item", "processing:process", SideEffect.ExternalSpend,
        "Clip a source item's assets to an AOI",
        "Resolves the item's raster assets (optionally only `asset_keys`), reserves compute units and starts the clip job. "
        + "Answers once the job is admitted, with status `running`; poll `clip.job.get`. The same Idempotency-Key and body "
        + "return the same answer without reserving again.",
        typeof(CreateFromItemRequest), typeof(JobCreatedResponse),
        ClipCreation.Answers("item", "the item's or the output project"));

    public Task<IResult> HandleAsync(OpCall call) =>
        ClipCreation.HandleAsync(admission, call, "source_item_id", "asset_keys", ClipSource.Item);
}
