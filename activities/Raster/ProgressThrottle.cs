namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Decides when a progress fraction is worth a heartbeat: GDAL reports hundreds of steps, Temporal
/// needs one every few seconds. Reports when <see cref="Interval"/> has passed or the fraction has
/// moved by <see cref="Step"/> since the last report, and always the first and the final (1.0) one.
/// </summary>
public sealed class ProgressThrottle(TimeSpan interval, double step)
{
    private readonly Lock _gate = new();
    private TimeSpan? _lastAt;
    private double _lastFraction = -1;

    public TimeSpan Interval { get; } = interval;
    public double Step { get; } = step;

    public bool ShouldReport(double fraction, TimeSpan now)
    {
        lock (_gate)
        {
            var due = _lastAt is null || fraction >= 1 && _lastFraction < 1
                || now - _lastAt.Value >= Interval || fraction - _lastFraction >= Step;
            if (!due) return false;
            _lastAt = now;
            _lastFraction = fraction;
            return true;
        }
    }
}
