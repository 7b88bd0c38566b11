using Geopera.Clip.Workflows.Contracts;
using Temporalio.Activities;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// Keeps a warp heartbeating from the activity's start until it returns. GDAL reports progress only
/// while it warps; waiting for a warp slot, rendering the quicklook, uploading and checksumming are
/// silent. A silent warp is timed out by the server (the warp's HeartbeatTimeout) and retried while
/// the first attempt still uploads, and it never learns of a cancellation, which Temporal delivers
/// only in the answer to a heartbeat. So a timer re-sends the last <see cref="WarpProgress"/> every
/// <see cref="IntervalFor"/>, and each change of stage is sent at once. The worker's SDK coalesces
/// heartbeats to at most one per 0.8 × HeartbeatTimeout, so sending more often costs nothing.
/// </summary>
public sealed class WarpHeartbeat : IAsyncDisposable
{
    /// <summary>Interval when the activity has no heartbeat timeout (a test environment, a local run).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly ActivityExecutionContext _context;
    private readonly TimeProvider _time;
    private readonly ProgressThrottle _throttle = new(TimeSpan.FromSeconds(2), 0.05);
    private readonly long _startedAt;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;
    private WarpProgress _last;

    private WarpHeartbeat(ActivityExecutionContext context, string mosaicType, TimeProvider time)
    {
        _context = context;
        _time = time;
        _startedAt = time.GetTimestamp();
        _last = new WarpProgress(mosaicType, 0, WarpStages.WaitingForSlot);
        Send();
        _beating = BeatAsync(IntervalFor(context.Info.HeartbeatTimeout));
    }

    /// <summary>Starts heartbeating now, in stage <see cref="WarpStages.WaitingForSlot"/>.</summary>
    public static WarpHeartbeat Start(ActivityExecutionContext context, string mosaicType, TimeProvider time) =>
        new(context, mosaicType, time);

    /// <summary>A quarter of the heartbeat timeout, so three beats may be lost before the server
    /// gives up on the attempt; never below a second.</summary>
    public static TimeSpan IntervalFor(TimeSpan? heartbeatTimeout) =>
        heartbeatTimeout is { } timeout && timeout > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Max(timeout.Ticks / 4, MinimumInterval.Ticks))
            : DefaultInterval;

    /// <summary>The last details sent (or about to be).</summary>
    public WarpProgress Last
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Enters a stage and says so at once.</summary>
    public void Stage(string stage)
    {
        lock (_gate) _last = _last with { Stage = stage };
        Send();
    }

    /// <summary>GDAL's progress callback: remembered always, sent when it is worth a heartbeat.</summary>
    public void Progress(double fraction)
    {
        lock (_gate) _last = _last with { Fraction = fraction };
        if (_throttle.ShouldReport(fraction, _time.GetElapsedTime(_startedAt)))
            Send();
    }

    private void Send() => _context.Heartbeat(Last);

    private async Task BeatAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                Send();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stops the timer and waits for it, so no heartbeat follows the activity's return.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
#pragma warning disable VSTHRD003 // the timer loop was started by this object's constructor, not another context
        await _beating.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        _stop.Dispose();
    }
}
