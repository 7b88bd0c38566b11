namespace Geopera.Clip.Host.Api.Operations;

/// <summary>Every operation the API serves, with its handler type.</summary>
public static class OperationCatalog
{
    public static readonly IReadOnlyList<(OperationDescriptor Descriptor, Type Handler)> All =
    [
        (ClipCreateFromItem.Descriptor, typeof(ClipCreateFromItem)),
        (ClipCreateFromArea.Descriptor, typeof(ClipCreateFromArea)),
        (ClipJobsList.Descriptor, typeof(ClipJobsList)),
        (ClipJobGet.Descriptor, typeof(ClipJobGet)),
        (ClipJobDownloads.Descriptor, typeof(ClipJobDownloads)),
        (ClipJobDownload.Descriptor, typeof(ClipJobDownload)),
        (ClipJobTileInfo.Descriptor, typeof(ClipJobTileInfo)),
        (ClipJobDelete.Descriptor, typeof(ClipJobDelete)),
    ];

    public static (OperationDescriptor Descriptor, Type Handler)? Find(string operationId) =>
        All.FirstOrDefault(o => o.Descriptor.Id == operationId) is { Descriptor: not null } found ? found : null;

    public static void AddHandlers(IServiceCollection services)
    {
        foreach (var (_, handler) in All)
            services.AddScoped(handler);
    }
}
