using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary><c>clip.create_from_item</c>: clip a data-platform item's raster assets to an AOI.</summary>
public sealed class ClipCreateFromItem(IdempotentAdmission admission) : IClipOperation
{
    public static readonly OperationDescriptor Descriptor = new(
        "clip.create_from_item", "processing:process", "external_spend",
        "Clip a source item's assets to an AOI",
        "Resolves the item's raster assets (optionally only `asset_keys`), reserves compute units and starts the clip job. "
        + "Answers once the job is admitted, with status `running`; poll `clip.job.get`. The same Idempotency-Key and body "
        + "return the same job without reserving again; the same key with another body → 422. "
        + "400: invalid body or AOI, unknown item or project, no raster assets, project without storage bucket. "
        + "402: quota exceeded (`used`, `limit`). 403: the item's or output project belongs to another organization. "
        + "409: the job of this Idempotency-Key was cancelled before admission (use a new key). "
        + "503: the job scheduler is unreachable; nothing was reserved.",
        typeof(CreateFromItemRequest), typeof(JobCreatedResponse), [402, 409, 422, 503]);

    public Task<IResult> HandleAsync(OpCall call) =>
        ClipCreation.HandleAsync(admission, call, "source_item_id", "asset_keys", ClipSource.Item);
}
