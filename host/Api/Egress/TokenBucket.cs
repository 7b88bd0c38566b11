namespace Geopera.Clip.Host.Api.Egress;

/// <summary>A bucket's size and refill rate: <see cref="Burst"/> downloads may start at once, and
/// <see cref="PerSecond"/> tokens flow back each second, up to the burst.</summary>
public readonly record struct BucketPolicy(int Burst, double PerSecond)
{
    /// <summary>The slowest refill: a rate of zero or less still gives a token back every ~17 minutes
    /// rather than never.</summary>
    public const double SlowestPerSecond = 0.001;

    /// <summary>The policy for configured values: a burst of at least one, a rate of at least
    /// <see cref="SlowestPerSecond"/>.</summary>
    public static BucketPolicy From(int burst, double perSecond) => new(Math.Max(1, burst), Math.Max(perSecond, SlowestPerSecond));
}

/// <summary>
/// A token bucket's level at one instant (a <see cref="TimeProvider"/> timestamp). The refill is
/// computed when the bucket is read, from the time passed since, not added by a timer: the level
/// is exact at any instant and follows whatever clock drives it, a test's fake one included.
/// </summary>
public readonly record struct TokenBucket(double Tokens, long Timestamp)
{
    // Refills summed in floating point may land a rounding error short of a whole token (at 1/s,
    // read every 0.1 s, ten refills of 0.1 make 0.9999999999999999); that still counts as whole.
    private const double Rounding = 1e-9;

    public static TokenBucket Full(BucketPolicy policy, long now) => new(policy.Burst, now);

    /// <summary>The level at <paramref name="now"/>: what was left plus the refill since, capped at the burst.</summary>
    public TokenBucket At(long now, BucketPolicy policy, TimeProvider clock)
    {
        var elapsed = Math.Max(0, clock.GetElapsedTime(Timestamp, now).TotalSeconds);
        return new(Math.Min(policy.Burst, Tokens + elapsed * policy.PerSecond), now);
    }

    public bool HasToken => Tokens >= 1 - Rounding;

    public bool IsFull(BucketPolicy policy) => Tokens >= policy.Burst - Rounding;

    public TokenBucket Take() => this with { Tokens = Math.Max(0, Tokens - 1) };

    /// <summary>How long until the bucket holds a whole token: the deficit over the refill rate,
    /// rounded up to a whole tick (at 3/s a token takes 3,333,333.3 ticks; waiting 3,333,333 would
    /// find it a hair short).</summary>
    public TimeSpan WaitForToken(BucketPolicy policy)
    {
        if (HasToken)
            return TimeSpan.Zero;
        var ticks = (1 - Tokens) / policy.PerSecond * TimeSpan.TicksPerSecond;
        // Less a rounding error, so an exact 5 s computed as 5.000000000000001 s stays 5 s.
        return TimeSpan.FromTicks((long)Math.Ceiling(ticks - 1e-3));
    }
}
