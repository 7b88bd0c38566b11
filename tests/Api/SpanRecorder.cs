using System.Collections.Concurrent;
using System.Diagnostics;

namespace Geopera.Clip.Tests.Api;

/// <summary>Records the spans one activity source stops while it lives, as a tracing exporter
/// listening to that source would receive them (every span sampled and recorded).</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyCollection<Activity> Stopped => _stopped;

    /// <summary>A span that stops as a response completes may stop after the client has read it.</summary>
    public async Task<Activity> StoppedAsync(Func<Activity, bool> match)
    {
        var deadline = TimeSpan.FromSeconds(10);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < deadline)
        {
            if (_stopped.FirstOrDefault(match) is { } span)
                return span;
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"no matching span stopped within {deadline.TotalSeconds} s");
    }

    public void Dispose() => _listener.Dispose();
}
