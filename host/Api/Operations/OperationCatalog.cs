namespace Geopera.Clip.Host.Api.Operations;

/// <summary>Every operation the API serves. Each handler is registered as a keyed
/// <see cref="IClipOperation"/> under its operation id, so the pipeline resolves it by id.</summary>
public static class OperationCatalog
{
    public static readonly IReadOnlyList<Entry> All =
    [
        Of<ClipCreateFromItem>(ClipCreateFromItem.Descriptor),
        Of<ClipCreateFromArea>(ClipCreateFromArea.Descriptor),
        Of<ClipJobsList>(ClipJobsList.Descriptor),
        Of<ClipJobGet>(ClipJobGet.Descriptor),
        Of<ClipJobDownloads>(ClipJobDownloads.Descriptor),
        Of<ClipJobDownload>(ClipJobDownload.Descriptor),
        Of<ClipJobTileInfo>(ClipJobTileInfo.Descriptor),
        Of<ClipJobDelete>(ClipJobDelete.Descriptor),
    ];

    public static IEnumerable<OperationDescriptor> Descriptors => All.Select(e => e.Descriptor);

    public static OperationDescriptor? Find(string operationId) =>
        All.FirstOrDefault(e => e.Descriptor.Id == operationId)?.Descriptor;

    public static void AddHandlers(IServiceCollection services)
    {
        foreach (var entry in All)
            entry.Register(services);
    }

    /// <summary>The handler of an operation, for one request.</summary>
    public static IClipOperation Handler(IServiceProvider services, OperationDescriptor operation) =>
        services.GetRequiredKeyedService<IClipOperation>(operation.Id);

    private static Entry Of<THandler>(OperationDescriptor descriptor) where THandler : class, IClipOperation =>
        new(descriptor, services => services.AddKeyedScoped<IClipOperation, THandler>(descriptor.Id));

    /// <summary>An operation and how its handler is registered.</summary>
    public sealed record Entry(OperationDescriptor Descriptor, Action<IServiceCollection> Register);
}
