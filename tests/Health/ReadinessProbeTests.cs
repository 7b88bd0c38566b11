using System.Diagnostics;
using Geopera.Clip.Host.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Geopera.Clip.Tests.Health;

/// <summary>The probe itself: every check named with its state, a failing one's action, and a
/// check that throws or hangs reported as failing within its own timeout instead of failing or
/// stalling the probe.</summary>
public sealed class ReadinessProbeTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Ready_when_every_check_passes_and_each_is_named()
    {
        var report = await Probe(new Scripted("database", _ => Task.FromResult(ReadinessResult.Pass("schema at version 4"))),
            new Scripted("temporal", _ => Task.FromResult(ReadinessResult.Pass()))).CheckAsync(TestContext.Current.CancellationToken);

        Assert.True(report.Ready);
        Assert.Equal("ready", report.Status);
        Assert.Equal(["database", "temporal"], report.Checks.Select(c => c.Name));
        Assert.All(report.Checks, c => Assert.Equal("pass", c.State));
        Assert.Equal("schema at version 4", report.Checks[0].Detail);
        Assert.All(report.Checks, c => Assert.Null(c.Action));
    }

    [Fact]
    public async Task One_failing_check_makes_the_role_not_ready_and_says_what_to_do()
    {
        var report = await Probe(new Scripted("database", _ => Task.FromResult(ReadinessResult.Pass())),
            new Scripted("temporal", _ => Task.FromResult(ReadinessResult.Fail("unreachable", "start it")))).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(report.Ready);
        Assert.Equal("not_ready", report.Status);
        var temporal = Assert.Single(report.Checks, c => c.State == "fail");
        Assert.Equal(("temporal", "unreachable", "start it"), (temporal.Name, temporal.Detail, temporal.Action));
    }

    [Fact]
    public async Task A_throwing_check_is_a_failing_answer_not_an_exception()
    {
        var report = await Probe(new Scripted("storage", _ => throw new InvalidOperationException("bucket listing broke")))
            .CheckAsync(TestContext.Current.CancellationToken);

        var storage = Assert.Single(report.Checks);
        Assert.Equal("fail", storage.State);
        Assert.Contains("bucket listing broke", storage.Detail);
        Assert.NotNull(storage.Action);
    }

    [Fact]
    public async Task A_check_that_ignores_its_token_and_blocks_its_thread_fails_within_its_timeout()
    {
        using var release = new ManualResetEventSlim();
        try
        {
            // Blocks synchronously before returning a task and never looks at the token: the worst
            // a dependency client can do (a DNS lookup or a driver stuck in a syscall).
            var hanging = new Scripted("temporal", _ =>
            {
                release.Wait(TimeSpan.FromMinutes(1), CancellationToken.None);
                return Task.FromResult(ReadinessResult.Pass());
            });
            var fast = new Scripted("database", _ => Task.FromResult(ReadinessResult.Pass()));
            var watch = Stopwatch.StartNew();

            var report = await Probe(hanging, fast).CheckAsync(TestContext.Current.CancellationToken);

            Assert.True(watch.Elapsed < ShortTimeout + TimeSpan.FromSeconds(5), $"answered after {watch.Elapsed}");
            var temporal = report.Checks.Single(c => c.Name == "temporal");
            Assert.Equal("fail", temporal.State);
            Assert.Contains("within 300 ms", temporal.Detail);
            Assert.Contains("Readiness:Timeouts:temporal", temporal.Action);
            Assert.Equal("pass", report.Checks.Single(c => c.Name == "database").State);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task A_check_that_honours_its_token_is_cancelled_at_its_own_timeout()
    {
        CancellationToken seen = default;
        var slow = new Scripted("storage", async ct =>
        {
            seen = ct;
            await Task.Delay(Timeout.Infinite, ct);
            return ReadinessResult.Pass();
        });
        var options = new ReadinessOptions { TimeoutSeconds = 30 };
        options.Timeouts["storage"] = ShortTimeout.TotalSeconds;

        var report = await Probe(options, slow).CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal("fail", Assert.Single(report.Checks).State);
        Assert.True(seen.IsCancellationRequested, "the check's token was cancelled when its time was up");
    }

    private static ReadinessProbe Probe(params IReadinessCheck[] checks) =>
        Probe(new ReadinessOptions { TimeoutSeconds = ShortTimeout.TotalSeconds }, checks);

    private static ReadinessProbe Probe(ReadinessOptions options, params IReadinessCheck[] checks) =>
        new(checks, Options.Create(options), TimeProvider.System, NullLogger<ReadinessProbe>.Instance);

    private sealed class Scripted(string name, Func<CancellationToken, Task<ReadinessResult>> check) : IReadinessCheck
    {
        public string Name => name;

        public Task<ReadinessResult> CheckAsync(CancellationToken ct) => check(ct);
    }
}
