using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Tests.Api;
using Geopera.Clip.Tests.Api.Temporal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;
using Xunit;

namespace Geopera.Clip.Tests.Hosting;

/// <summary>The start-up check of the namespace's search attributes: what it registers, when it
/// must not, and what it reports (readiness problem and one log line with the command).</summary>
public sealed class SearchAttributePreflightTests : IDisposable
{
    private readonly ScriptedNamespace _temporal = new("clip-prod");
    private readonly LogCapture _errors = new();
    private readonly ILoggerFactory _loggers;

    public SearchAttributePreflightTests() => _loggers = LoggerFactory.Create(b => b.AddProvider(_errors));

    public void Dispose() => _loggers.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SearchAttributePreflight Preflight(bool register = true, TimeProvider? clock = null) => new(
        _temporal, Options.Create(new TemporalSettings { RegisterSearchAttributes = register }), clock ?? TimeProvider.System,
        _loggers.CreateLogger<SearchAttributePreflight>());

    [Fact]
    public void The_required_attributes_are_the_workflows_own_keywords()
    {
        Assert.Equal(["ClipJobStatus", "ClipOrganizationId", "ClipProjectId", "ClipSourceItemId"], SearchAttributeGap.Required.Keys.Order(StringComparer.Ordinal));
        Assert.All(SearchAttributeGap.Required.Values, type => Assert.Equal(IndexedValueType.Keyword, type));
    }

    [Fact]
    public void The_command_creates_exactly_the_missing_ones_on_the_namespace()
    {
        var gap = SearchAttributeGap.Between(new Dictionary<string, IndexedValueType>
        {
            ["ClipOrganizationId"] = IndexedValueType.Keyword,
            ["ClipProjectId"] = IndexedValueType.Keyword,
            ["ClipJobStatus"] = IndexedValueType.Text,
        });
        Assert.Equal(["ClipSourceItemId"], gap.Missing.Keys);
        Assert.Equal("temporal operator search-attribute create --namespace clip-prod --name ClipSourceItemId --type Keyword", gap.CreateCommand("clip-prod"));
        Assert.Equal("ClipSourceItemId, ClipJobStatus (registered as Text, needs Keyword)", gap.Describe());
    }

    [Fact]
    public async Task Missing_attributes_are_registered_once_and_the_service_is_ready()
    {
        _temporal.Register("ClipOrganizationId", IndexedValueType.Keyword);
        var preflight = Preflight();

        Assert.Null(await preflight.CheckOnceAsync(Ct));

        var added = Assert.Single(_temporal.AddRequests);
        Assert.Equal(["ClipJobStatus", "ClipProjectId", "ClipSourceItemId"], added.Order(StringComparer.Ordinal));
        Assert.Empty(_errors.Errors);
    }

    [Fact]
    public async Task A_complete_namespace_is_not_changed()
    {
        foreach (var name in SearchAttributeGap.Required.Keys)
            _temporal.Register(name, IndexedValueType.Keyword);
        Assert.Null(await Preflight().CheckOnceAsync(Ct));
        Assert.Empty(_temporal.AddRequests);
    }

    [Fact]
    public async Task Registration_turned_off_leaves_the_service_unready_and_logs_the_command_once()
    {
        var preflight = Preflight(register: false);

        var problem = await preflight.CheckOnceAsync(Ct);
        await preflight.CheckOnceAsync(Ct); // a recheck does not repeat the line

        Assert.Contains("ClipOrganizationId", problem!, StringComparison.Ordinal);
        Assert.Empty(_temporal.AddRequests);
        var line = Assert.Single(_errors.Errors);
        foreach (var name in SearchAttributeGap.Required.Keys)
            Assert.Contains($"--name {name} --type Keyword", line, StringComparison.Ordinal);
        Assert.Contains("--namespace clip-prod", line, StringComparison.Ordinal);
        Assert.Contains("Temporal:RegisterSearchAttributes is false", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_namespace_that_refuses_registration_is_reported_with_the_servers_answer()
    {
        _temporal.RefuseChanges = true;
        var problem = await Preflight().CheckOnceAsync(Ct);

        Assert.NotNull(problem);
        Assert.Single(_temporal.AddRequests);
        Assert.Contains("the server refused to register them (Request unauthorized.)", Assert.Single(_errors.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_instance_registering_first_is_not_a_problem()
    {
        // Between this instance's list and its add, another instance registered one of them.
        var racing = new RacingNamespace(_temporal);
        var preflight = new SearchAttributePreflight(racing, Options.Create(new TemporalSettings()), TimeProvider.System,
            _loggers.CreateLogger<SearchAttributePreflight>());

        Assert.Null(await preflight.CheckOnceAsync(Ct));
        Assert.Empty(_errors.Errors);
    }

    [Fact]
    public async Task The_background_check_keeps_the_service_unready_while_the_server_is_down_and_never_stops_the_host()
    {
        _temporal.Unreachable = new RpcException(RpcException.StatusCode.Unavailable, "tcp connect error: Connection refused", null);
        var clock = new FakeTimeProvider();
        var preflight = Preflight(clock: clock);
        await preflight.StartAsync(Ct);
        await WaitUntilAsync(() => preflight.Problem?.Contains("Connection refused", StringComparison.Ordinal) == true);

        // It checks again every Recheck of the service's clock (moved here until two more checks
        // ran; a move made before the wait began would be missed, so it repeats), still unready.
        await WaitUntilAsync(() =>
        {
            clock.Advance(SearchAttributePreflight.Recheck);
            return _temporal.Lists >= 3;
        });
        Assert.False(preflight.ExecuteTask!.IsCompleted);
        Assert.Contains("Connection refused", preflight.Problem, StringComparison.Ordinal);
        Assert.Empty(_errors.Errors); // unreachable is a warning: the readiness check says it

        _temporal.Unreachable = null; // the server is back: the next check registers and ends the loop
        await WaitUntilAsync(() =>
        {
            clock.Advance(SearchAttributePreflight.Recheck);
            return preflight.ExecuteTask.IsCompleted;
        });
        Assert.Null(preflight.Problem);
        Assert.Equal(4, Assert.Single(_temporal.AddRequests).Count);
        await preflight.StopAsync(Ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(20, Ct);
        }
    }

    private sealed class RacingNamespace(ScriptedNamespace inner) : INamespaceSearchAttributes
    {
        public string Namespace => inner.Namespace;

        public Task<IReadOnlyDictionary<string, IndexedValueType>> ListAsync(CancellationToken ct) => inner.ListAsync(ct);

        public Task AddAsync(IReadOnlyDictionary<string, IndexedValueType> attributes, CancellationToken ct)
        {
            inner.Register(attributes.Keys.First(), IndexedValueType.Keyword);
            foreach (var (name, type) in attributes.Skip(1))
                inner.Register(name, type);
            return inner.AddAsync(attributes, ct); // refused: one of them already exists
        }
    }
}
