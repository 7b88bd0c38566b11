using Geopera.Clip.Host.Api.Egress;
using Xunit;

namespace Geopera.Clip.Tests.Api;

public sealed class CircuitBreakerTests
{
    private static readonly CircuitPolicy Policy = new(FailureThreshold: 3, OpenDuration: TimeSpan.FromSeconds(30));
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Closed_circuit_lets_calls_through_and_opens_after_threshold_consecutive_failures()
    {
        var s = CircuitSnapshot.Initial;
        s = CircuitRules.Failure(s, T0, Policy);
        s = CircuitRules.Failure(s, T0, Policy);
        Assert.Equal(CircuitState.Closed, s.State);
        Assert.True(CircuitRules.Enter(s, T0, Policy).Allowed);
        s = CircuitRules.Failure(s, T0, Policy);
        Assert.Equal(CircuitState.Open, s.State);
        Assert.Equal(T0 + Policy.OpenDuration, s.OpenUntil);
    }

    [Fact]
    public void A_success_resets_the_consecutive_failure_count()
    {
        var s = CircuitRules.Failure(CircuitRules.Failure(CircuitSnapshot.Initial, T0, Policy), T0, Policy);
        s = CircuitRules.Success(s);
        s = CircuitRules.Failure(CircuitRules.Failure(s, T0, Policy), T0, Policy);
        Assert.Equal(CircuitState.Closed, s.State);
    }

    [Fact]
    public void Open_circuit_refuses_with_the_remaining_time_then_lets_exactly_one_trial_through()
    {
        var open = new CircuitSnapshot(CircuitState.Open, 3, T0.AddSeconds(30), false);
        var (allowed, retryAfter, same) = CircuitRules.Enter(open, T0.AddSeconds(10), Policy);
        Assert.False(allowed);
        Assert.Equal(TimeSpan.FromSeconds(20), retryAfter);
        Assert.Equal(open, same);

        var (trialAllowed, _, halfOpen) = CircuitRules.Enter(open, T0.AddSeconds(30), Policy);
        Assert.True(trialAllowed);
        Assert.Equal(CircuitState.HalfOpen, halfOpen.State);
        Assert.False(CircuitRules.Enter(halfOpen, T0.AddSeconds(31), Policy).Allowed);
    }

    [Fact]
    public void Half_open_trial_success_closes_and_failure_reopens_for_a_full_period()
    {
        var halfOpen = new CircuitSnapshot(CircuitState.HalfOpen, 3, T0, true);
        Assert.Equal(CircuitSnapshot.Initial, CircuitRules.Success(halfOpen));
        var reopened = CircuitRules.Failure(halfOpen, T0.AddSeconds(40), Policy);
        Assert.Equal(CircuitState.Open, reopened.State);
        Assert.Equal(T0.AddSeconds(70), reopened.OpenUntil);
    }

    [Fact]
    public void An_abandoned_trial_lets_the_next_caller_try()
    {
        var halfOpen = new CircuitSnapshot(CircuitState.HalfOpen, 3, T0, true);
        var abandoned = CircuitRules.Abandon(halfOpen);
        Assert.True(CircuitRules.Enter(abandoned, T0, Policy).Allowed);
        Assert.Equal(CircuitSnapshot.Initial, CircuitRules.Abandon(CircuitSnapshot.Initial));
    }

    [Fact]
    public void Breaker_follows_its_clock_through_closed_open_half_open_closed()
    {
        var clock = new ManualClock(T0);
        var breaker = new CircuitBreaker(Policy, clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(breaker.TryEnter(out _));
            breaker.RecordFailure();
        }
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(30), wait);

        clock.Now = T0.AddSeconds(31);
        Assert.True(breaker.TryEnter(out _));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.False(breaker.TryEnter(out _)); // one trial at a time
        breaker.RecordSuccess();
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.TryEnter(out _));
    }
}
