using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Geopera.Clip.Host.Api.Contracts;

// Request bodies as documented in OpenAPI. Bodies are read field by field (JsonFields) so every
// invalid field is reported at once; these records describe the accepted shape.

/// <summary>A GeoJSON Polygon or MultiPolygon in EPSG:4326 (longitude, latitude).</summary>
public sealed record GeoJsonGeometry(
    [property: Required, Description("Polygon or MultiPolygon")] string Type,
    [property: Required, Description("GeoJSON coordinates: rings of [lon, lat] positions, closed")] JsonElement Coordinates);

public sealed record CreateFromItemRequest(
    [property: Required, Description("Item whose raster assets are clipped (id: a UUID or 1-128 of A-Z a-z 0-9 . _ : -)")] string SourceItemId,
    [property: Required, Description("Project that receives the output; must belong to your organization (id: a UUID or 1-128 of A-Z a-z 0-9 . _ : -)")] string ProjectId,
    [property: Required] GeoJsonGeometry AoiGeometry,
    [property: Description("Restrict to these asset keys (1-32 distinct keys); omit to clip all raster assets")] IReadOnlyList<string>? AssetKeys = null,
    [property: Description("Label for the AOI (at most 200 characters)")] string? AoiName = null,
    [property: Description("Base name of the output files: 1-100 of A-Z a-z 0-9 . _ - ; default \"clip\"")] string? OutputName = null,
    [property: Description("Collection to register the outputs into (id: a UUID or 1-128 of A-Z a-z 0-9 . _ : -)")] string? TargetCollectionId = null);

public sealed record CreateFromAreaRequest(
    [property: Required, Description("Delivery area whose mosaics are clipped (id: a UUID or 1-128 of A-Z a-z 0-9 . _ : -)")] string AreaId,
    [property: Required, Description("Project that receives the output; must belong to your organization (id: a UUID or 1-128 of A-Z a-z 0-9 . _ : -)")] string ProjectId,
    [property: Required] GeoJsonGeometry AoiGeometry,
    [property: Description("Restrict to these mosaic types (e.g. rgb, nir); omit to clip every mosaic of the area")] IReadOnlyList<string>? MosaicTypes = null,
    [property: Description("Label for the AOI (at most 200 characters)")] string? AoiName = null,
    [property: Description("Base name of the output files: 1-100 of A-Z a-z 0-9 . _ - ; default \"clip\"")] string? OutputName = null,
    [property: Description("Collection to register the outputs into (id: a UUID or 1-128 of A-Z a-z 0-9 . _ : -)")] string? TargetCollectionId = null);

public sealed record JobsListRequest(
    [property: Required, Description("Your organization (the API key's); another → 403")] string OrganizationId,
    [property: Description("Only jobs in this status: running, completed, failed, cancelled")] string? Status = null,
    [property: Description("Page size, 1 to Api:MaxListLimit (default 200); default 50")] int? Limit = null,
    [property: Description("Jobs to skip, ≥ 0; default 0")] int? Offset = null);

public sealed record JobIdRequest(
    [property: Required, Description("The job id returned by create (UUID)")] string JobId);

public sealed record JobDownloadRequest(
    [property: Required, Description("The job id (UUID)")] string JobId,
    [property: Required, Description("Which output, as listed by clip.job.downloads")] string MosaicType);

public sealed record JobTileInfoRequest(
    [property: Required, Description("The job id (UUID)")] string JobId,
    [property: Description("Which output; default: the job's first output")] string? MosaicType = null);
