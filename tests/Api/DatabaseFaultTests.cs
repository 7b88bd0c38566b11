using System.Diagnostics;
using System.Net;
using Geopera.Clip.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The service over a PostgreSQL server of its own, which the tests stop, kill, freeze and
/// hold in start-up; every database call has a 2 s deadline.</summary>
public sealed class FaultyDatabaseHost : ApiTestHost
{
    public const double DatabaseTimeoutSeconds = 2;

    public FaultablePostgres Server { get; private set; } = null!;

    protected override async ValueTask<string> DatabaseServerAsync()
    {
        Server = await FaultablePostgres.StartAsync();
        return Server.ServerConnectionString;
    }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["DataPlatform:DatabaseTimeoutSeconds"] = DatabaseTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Geopera.Clip.Host.Api.Database"] = "Information",
    };

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (Server is not null)
                await Server.DisposeAsync();
        }
    }
}

/// <summary>
/// PostgreSQL stopped, killed, frozen (SIGSTOP) and starting up (57P03), under real parallel load:
/// every operation answers 503 service-unavailable with Retry-After within the database deadline,
/// nothing is written, one log line marks the outage and one its end, and the service recovers as
/// soon as the server answers.
/// </summary>
public sealed class DatabaseFaultTests(FaultyDatabaseHost host) : IClassFixture<FaultyDatabaseHost>
{
    private const int DownEvent = 1061, BackEvent = 1062;

    /// <summary>A 503 comes within the 2 s deadline plus the time a loaded 2-core machine needs.</summary>
    // The request's deadline plus room for two loaded cores, and still well under the driver's own
    // 15 s connect and 30 s command timeouts that would answer without the deadline.
    private static readonly TimeSpan WorstAllowed = TimeSpan.FromSeconds(FaultyDatabaseHost.DatabaseTimeoutSeconds + 7);

    [Fact]
    public Task Stopped_server_answers_503_on_every_operation() =>
        OutageAsync("stopped (pg_ctl stop -m fast)", host.Server.StopAsync, () => host.Server.StartServerAsync());

    [Fact]
    public Task Killed_server_answers_503_on_every_operation() =>
        OutageAsync("killed (SIGKILL of the postmaster)", host.Server.KillAsync, () => host.Server.StartServerAsync());

    [Fact]
    public Task Frozen_server_answers_503_within_the_deadline_on_every_operation() =>
        OutageAsync("frozen (SIGSTOP of every server process)", host.Server.FreezeAsync, host.Server.ThawAsync);

    [Fact]
    public Task Server_still_starting_up_answers_503_on_every_operation() =>
        OutageAsync("starting up (57P03: a standby accepting no connections, then promoted)", async () =>
        {
            await host.Server.HoldInStartupAsync();
            // The service's first call may meet a pooled connection the restart ended (57P01);
            // every new one is refused as by a server starting up.
            Assert.Equal(PostgresErrorCodes.CannotConnectNow, await host.Server.RefusalAsync());
        }, host.Server.PromoteAsync);

    [Fact]
    public async Task Readiness_answers_within_its_timeout_when_the_database_is_frozen_and_passes_again_after()
    {
        await host.Server.FreezeAsync();
        HttpResponseMessage ready;
        TimeSpan took;
        try
        {
            var clock = Stopwatch.StartNew();
            ready = await host.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
            took = clock.Elapsed;
        }
        finally
        {
            await host.Server.ThawAsync();
        }
        var body = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var database = DatabaseCheck(body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("fail", database.GetProperty("state").GetString());
        // The probe's own 2 s deadline cut the frozen call, not a driver timeout (Npgsql's connect
        // timeout is 15 s, its command timeout 30 s): the detail says so.
        Assert.Equal("No answer within 2000 ms.", database.GetProperty("detail").GetString());
        // Wall time only bounds it loosely: on two loaded cores the answer's continuation can wait
        // seconds for a thread, but never as long as the driver's own timeouts.
        Assert.True(took < TimeSpan.FromSeconds(12), $"/readyz took {took.TotalSeconds:0.00} s with its 2 s check timeout: {body}");
        // The in-process runner has no Temporal server behind it, so /readyz as a whole stays 503.
        await Eventually(async () => await DatabaseCheckAsync(await host.Http.GetAsync("/readyz", TestContext.Current.CancellationToken)) == "pass",
            "the database check passes again");
    }

    private static async Task<string?> DatabaseCheckAsync(HttpResponseMessage ready) =>
        DatabaseCheck(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).GetProperty("state").GetString();

    private static System.Text.Json.JsonElement DatabaseCheck(string readinessBody) =>
        System.Text.Json.JsonDocument.Parse(readinessBody).RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "database").Clone();

    private async Task OutageAsync(string fault, Func<Task> breakIt, Func<Task> repair)
    {
        var ct = TestContext.Current.CancellationToken;
        var jobId = await host.SharedCompletedJobAsync();
        // A key the service has never seen: authenticating it needs the database.
        var freshKey = await host.Seed.KeyAsync(host.Tenant.OrganizationId, ApiSeed.AllScopes);
        var before = await host.Seed.WritableStateAsync();
        var logsBefore = host.Logs.Entries.Count;
        var answers = new List<(string Operation, HttpStatusCode Status, TimeSpan Took)>();

        await breakIt();
        try
        {
            answers.Add(await TimedAsync("clip.job.get", freshKey, jobId));
            foreach (var operation in AuthMatrixTests.OperationIds)
                answers.Add(await TimedAsync(operation, host.Tenant.FullKey, jobId));
            // Twenty clients at once on get, list and download, five calls each.
            var load = await Task.WhenAll(Enumerable.Range(0, 20).Select(client => Task.Run(async () =>
            {
                var mine = new List<(string, HttpStatusCode, TimeSpan)>();
                var operation = new[] { "clip.job.get", "clip.jobs.list", "clip.job.download" }[client % 3];
                for (var i = 0; i < 5; i++)
                    mine.Add(await TimedAsync(operation, host.Tenant.FullKey, jobId));
                return mine;
            }, ct)));
            answers.AddRange(load.SelectMany(a => a));
        }
        finally
        {
            await repair();
        }
        var repaired = Stopwatch.StartNew();
        var refusedWhileRecovering = 0;
        await Eventually(async () =>
        {
            var status = (await host.Http.OpAsync("clip.job.get", host.Tenant.ReadKey, new { job_id = jobId })).StatusCode;
            refusedWhileRecovering += status == HttpStatusCode.ServiceUnavailable ? 1 : 0;
            return status == HttpStatusCode.OK;
        }, "clip.job.get answers 200 again");
        var recovery = repaired.Elapsed;
        // Once back, back for every call: no broken pooled connection fails a later request.
        foreach (var operation in new[] { "clip.job.get", "clip.jobs.list", "clip.job.downloads", "clip.job.download" })
            Assert.True((await host.Http.OpAsync(operation, host.Tenant.FullKey, AuthMatrixTests.Body(operation, host.Tenant, jobId))).IsSuccessStatusCode, operation + " after recovery");

        var worst = answers.Max(a => a.Took);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"PostgreSQL {fault}: {answers.Count} calls, statuses {string.Join(", ", answers.GroupBy(a => (int)a.Status).Select(g => $"{g.Key}×{g.Count()}"))}, " +
            $"worst latency {worst.TotalSeconds:0.00} s, first 200 {recovery.TotalSeconds:0.00} s after the server was back");
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.ServiceUnavailable, $"{a.Operation} answered {(int)a.Status}"));
        Assert.True(worst < WorstAllowed, $"the slowest 503 took {worst.TotalSeconds:0.00} s");
        // A thawed server first works off the connections queued during the freeze.
        Assert.True(recovery < 2 * WorstAllowed, $"the first 200 came {recovery.TotalSeconds:0.00} s after the server was back");

        await Eventually(() => Task.FromResult(host.Logs.Entries.Skip(logsBefore).Any(e => e.EventId.Id == BackEvent)), "the outage's end is logged");
        var logged = host.Logs.Entries.Skip(logsBefore).Where(e => e.Level >= LogLevel.Information && e.Category.StartsWith("Geopera", StringComparison.Ordinal)).ToList();
        Assert.Single(logged, e => e.EventId.Id == DownEvent);
        Assert.Single(logged, e => e.EventId.Id == BackEvent);
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Error || e.EventId.Id is not (DownEvent or BackEvent));
        // Counted: every call above, and the polls that met the outage's tail (a poll refused after
        // the probe saw the server back would have begun a second outage, refused above).
        var refused = long.Parse(System.Text.RegularExpressions.Regex.Match(logged.Single(e => e.EventId.Id == BackEvent).Message, @"(\d+) requests were answered 503").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(answers.Count + refusedWhileRecovering, refused);
        Assert.Equal(before, await WritableStateAsync());
    }

    private async Task<(string, HttpStatusCode, TimeSpan)> TimedAsync(string operation, string key, string jobId)
    {
        var clock = Stopwatch.StartNew();
        var response = await host.Http.OpAsync(operation, key, AuthMatrixTests.Body(operation, host.Tenant, jobId), Guid.NewGuid().ToString());
        var took = clock.Elapsed;
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
        return (operation, response.StatusCode, took);
    }

    /// <summary>The seed's own pool held connections to the server that went away; the first use
    /// of each fails once, as it would for any client.</summary>
    private async Task<string> WritableStateAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await host.Seed.WritableStateAsync();
            }
            catch (NpgsqlException) when (attempt < 50)
            {
            }
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"expected within 30 s: {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
