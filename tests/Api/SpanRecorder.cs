using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Records the spans one activity source stops while it lives, as a tracing exporter
/// listening to that source would receive them (every span sampled and recorded).</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private event Action<Activity>? SpanStopped;

    public SpanRecorder(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                _stopped.Enqueue(span);
                SpanStopped?.Invoke(span);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyCollection<Activity> Stopped => _stopped;

    /// <summary>The first matching span, waiting for it if it has not stopped yet: a server span
    /// stops as its response completes, which the client may have read already.</summary>
    public async Task<Activity> StoppedAsync(Func<Activity, bool> match)
    {
        var found = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStopped(Activity span)
        {
            if (match(span))
                found.TrySetResult(span);
        }
        SpanStopped += OnStopped; // before looking at what already stopped, so no span slips between the two
        try
        {
            return _stopped.FirstOrDefault(match) ?? await found.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
        finally
        {
            SpanStopped -= OnStopped;
        }
    }

    public void Dispose() => _listener.Dispose();
}
