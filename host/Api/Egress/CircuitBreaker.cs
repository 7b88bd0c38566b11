namespace Geopera.Clip.Host.Api.Egress;

public enum CircuitState { Closed, Open, HalfOpen }

/// <summary>Where the breaker stands: consecutive failures while closed, when an open circuit may
/// let a trial through, and whether a half-open trial is in flight.</summary>
public readonly record struct CircuitSnapshot(CircuitState State, int Failures, DateTimeOffset OpenUntil, bool TrialInFlight)
{
    public static readonly CircuitSnapshot Initial = new(CircuitState.Closed, 0, DateTimeOffset.MinValue, false);
}

public readonly record struct CircuitPolicy(int FailureThreshold, TimeSpan OpenDuration);

/// <summary>
/// The breaker's decisions as pure functions: closed lets everything through and opens after
/// <see cref="CircuitPolicy.FailureThreshold"/> consecutive failures; open refuses until
/// <see cref="CircuitSnapshot.OpenUntil"/>, then lets exactly one trial through (half-open);
/// the trial's success closes the circuit, its failure opens it again for a full period.
/// </summary>
public static class CircuitRules
{
    public static (bool Allowed, TimeSpan RetryAfter, CircuitSnapshot Next) Enter(CircuitSnapshot s, DateTimeOffset now, CircuitPolicy policy) =>
        s.State switch
        {
            CircuitState.Closed => (true, TimeSpan.Zero, s),
            CircuitState.Open when now >= s.OpenUntil => (true, TimeSpan.Zero, s with { State = CircuitState.HalfOpen, TrialInFlight = true }),
            CircuitState.Open => (false, s.OpenUntil - now, s),
            _ when s.TrialInFlight => (false, TimeSpan.FromSeconds(1), s),
            _ => (true, TimeSpan.Zero, s with { TrialInFlight = true }),
        };

    public static CircuitSnapshot Success(CircuitSnapshot s) => CircuitSnapshot.Initial;

    public static CircuitSnapshot Failure(CircuitSnapshot s, DateTimeOffset now, CircuitPolicy policy)
    {
        if (s.State == CircuitState.HalfOpen)
            return Opened(now, policy, s.Failures + 1);
        var failures = s.Failures + 1;
        return failures >= policy.FailureThreshold ? Opened(now, policy, failures) : s with { Failures = failures };
    }

    /// <summary>The call that entered ended without telling whether storage works (e.g. the client
    /// left): a half-open circuit goes back to waiting for a trial.</summary>
    public static CircuitSnapshot Abandon(CircuitSnapshot s) =>
        s.State == CircuitState.HalfOpen ? s with { TrialInFlight = false } : s;

    private static CircuitSnapshot Opened(DateTimeOffset now, CircuitPolicy policy, int failures) =>
        new(CircuitState.Open, failures, now + policy.OpenDuration, false);
}

/// <summary>Thread-safe holder of a <see cref="CircuitSnapshot"/>, driven by a clock.</summary>
public sealed class CircuitBreaker(CircuitPolicy policy, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private CircuitSnapshot _state = CircuitSnapshot.Initial;

    public CircuitState State
    {
        get { lock (_gate) return _state.State; }
    }

    public bool TryEnter(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            (var allowed, retryAfter, _state) = CircuitRules.Enter(_state, clock.GetUtcNow(), policy);
            return allowed;
        }
    }

    public void RecordSuccess()
    {
        lock (_gate) _state = CircuitRules.Success(_state);
    }

    public void RecordFailure()
    {
        lock (_gate) _state = CircuitRules.Failure(_state, clock.GetUtcNow(), policy);
    }

    public void Abandon()
    {
        lock (_gate) _state = CircuitRules.Abandon(_state);
    }
}
