using Geopera.Clip.Host.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace Geopera.Clip.Tests.Api.Temporal;

/// <summary>
/// A namespace's custom search attributes as the OperatorService answers them: ListSearchAttributes
/// gives the registered names with their IndexedValueType, AddSearchAttributes adds names (an
/// already-registered name is refused, as the Elasticsearch visibility path does). A namespace this
/// identity may not change answers PERMISSION_DENIED "Request unauthorized." — the server's
/// authorizer (temporalio/temporal common/authorization/interceptor.go, errUnauthorized).
/// </summary>
internal sealed class ScriptedNamespace(string ns = "default") : INamespaceSearchAttributes
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IndexedValueType> _registered = new(StringComparer.Ordinal);
    private int _lists;

    public string Namespace => ns;

    /// <summary>ListSearchAttributes calls received, answered or not.</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>Set to refuse registration as a locked-down namespace does.</summary>
    public bool RefuseChanges { get; set; }

    /// <summary>While set, every call fails with it (the server unreachable).</summary>
    public Exception? Unreachable { get; set; }

    public List<IReadOnlyCollection<string>> AddRequests { get; } = [];

    public static RpcException PermissionDenied() => new(RpcException.StatusCode.PermissionDenied, "Request unauthorized.", null);

    public void Register(string name, IndexedValueType type)
    {
        lock (_gate)
            _registered[name] = type;
    }

    public Task<IReadOnlyDictionary<string, IndexedValueType>> ListAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _lists);
        if (Unreachable is { } down)
            throw down;
        lock (_gate)
            return Task.FromResult<IReadOnlyDictionary<string, IndexedValueType>>(new Dictionary<string, IndexedValueType>(_registered, StringComparer.Ordinal));
    }

    public Task AddAsync(IReadOnlyDictionary<string, IndexedValueType> attributes, CancellationToken ct)
    {
        if (Unreachable is { } down)
            throw down;
        lock (_gate)
        {
            AddRequests.Add([.. attributes.Keys]);
            if (RefuseChanges)
                throw PermissionDenied();
            if (attributes.Keys.FirstOrDefault(_registered.ContainsKey) is { } existing)
                throw new RpcException(RpcException.StatusCode.AlreadyExists, $"Search attribute {existing} already exists.", null);
            foreach (var (name, type) in attributes)
                _registered[name] = type;
        }
        return Task.CompletedTask;
    }
}
