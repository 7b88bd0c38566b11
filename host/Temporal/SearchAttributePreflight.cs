using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace Geopera.Clip.Host.Temporal;

/// <summary>
/// At start (roles api and worker): a server refuses to start a workflow that sets a search
/// attribute its namespace does not know, and fails (and retries forever) the task of one that
/// upserts it. So the namespace's attributes are checked; missing ones are registered unless
/// <c>Temporal:RegisterSearchAttributes</c> is false or the server refuses, and until they all
/// exist the service is not ready (/readyz names them) and one log line says how to create them.
/// Checks repeat until the namespace is complete, so an operator's fix is seen without a restart.
/// </summary>
public sealed partial class SearchAttributePreflight(
    INamespaceSearchAttributes registry, IOptions<TemporalSettings> settings, TimeProvider time, ILogger<SearchAttributePreflight> log)
    : BackgroundService
{
    /// <summary>How long to wait before checking again, while the namespace is incomplete or unreachable.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(15);

    private readonly Lock _reportGate = new();
    private volatile string? _problem = "The Temporal namespace's search attributes have not been checked yet.";
    private string? _reported;

    /// <summary>Null once the namespace has every clip search attribute; else what is wrong.</summary>
    public string? Problem => _problem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await CheckOnceAsync(stoppingToken) is null)
                    return;
            }
            // Whatever the failure (server down, TLS refused, a proxy's error page), the service keeps
            // running unready and tries again: a background service that throws would stop the host.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                _problem = $"The search attributes of Temporal namespace {registry.Namespace} could not be checked: {e.Message}";
                Report(_problem, () => LogUncheckable(log, registry.Namespace, e.Message));
            }
            await Task.Delay(Recheck, time, stoppingToken);
        }
    }

    /// <summary>One check (and registration where allowed); null when nothing is missing. Also
    /// what /readyz runs while a problem stands, so readiness follows an operator's fix at once.</summary>
    public async Task<string?> CheckOnceAsync(CancellationToken ct) => _problem = await FindProblemAsync(ct);

    private async Task<string?> FindProblemAsync(CancellationToken ct)
    {
        var gap = SearchAttributeGap.Between(await registry.ListAsync(ct));
        if (gap.None)
        {
            LogComplete(log, registry.Namespace);
            return null;
        }
        string? refusal = null;
        if (settings.Value.RegisterSearchAttributes && gap.Missing.Count > 0)
        {
            try
            {
                await registry.AddAsync(gap.Missing, ct);
                LogRegistered(log, registry.Namespace, gap.Describe());
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.AlreadyExists)
            {
                // Another instance registered them meanwhile: the list below sees them.
            }
            catch (RpcException e) when (e.Code is RpcException.StatusCode.PermissionDenied or RpcException.StatusCode.Unimplemented
                                             or RpcException.StatusCode.InvalidArgument or RpcException.StatusCode.FailedPrecondition)
            {
                refusal = e.Message;
            }
            gap = SearchAttributeGap.Between(await registry.ListAsync(ct));
            if (gap.None)
                return null;
        }
        var missing = $"Temporal namespace {registry.Namespace} lacks the search attributes {gap.Describe()}; clip jobs cannot start until they exist.";
        Report(missing, () => LogMissing(log, registry.Namespace, gap.Describe(),
            gap.Missing.Count > 0 ? gap.CreateCommand(registry.Namespace) : "(a wrongly typed attribute must be removed and created again)",
            refusal is null ? "Temporal:RegisterSearchAttributes is false" : $"the server refused to register them ({refusal})"));
        return missing;
    }

    // One log line per distinct problem, not one per recheck.
    private void Report(string what, Action logIt)
    {
        lock (_reportGate)
        {
            if (_reported == what)
                return;
            _reported = what;
        }
        logIt();
    }

    [LoggerMessage(EventId = 1201, EventName = "Missing", Level = LogLevel.Error, Message = "Temporal namespace {Namespace} lacks the search attributes {Missing}, so clip jobs cannot start " +
        "and /readyz answers 503. Create them: {Command} (Temporal Cloud: its UI or tcld). Not registered by this service because {Why}.")]
    private static partial void LogMissing(ILogger logger, string @namespace, string missing, string command, string why);

    [LoggerMessage(EventId = 1202, EventName = "Registered", Level = LogLevel.Information, Message = "Registered the search attributes {Registered} on Temporal namespace {Namespace}")]
    private static partial void LogRegistered(ILogger logger, string @namespace, string registered);

    [LoggerMessage(EventId = 1203, EventName = "Complete", Level = LogLevel.Information, Message = "Temporal namespace {Namespace} has every clip search attribute")]
    private static partial void LogComplete(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 1204, EventName = "Uncheckable", Level = LogLevel.Warning, Message = "Cannot check the search attributes of Temporal namespace {Namespace} yet; retrying: {Reason}")]
    private static partial void LogUncheckable(ILogger logger, string @namespace, string reason);
}
