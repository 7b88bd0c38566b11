using System.Diagnostics.Metrics;
using Geopera.Clip.Activities.Telemetry;

namespace Geopera.Clip.Host.Telemetry;

/// <summary>Creates: how many were admitted, how many refused (by problem type), and how long the
/// job runner took to admit or reject them.</summary>
public sealed class AdmissionMetrics
{
    private readonly Counter<long> _admitted, _refused;
    private readonly Histogram<double> _duration;

    public AdmissionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ClipTelemetry.MeterName);
        _admitted = meter.CreateCounter<long>("clip.admission.admitted", "{job}",
            "Creates answered 200 (a new job, or the stored answer replayed for the same Idempotency-Key).");
        _refused = meter.CreateCounter<long>("clip.admission.refused", "{request}",
            "Creates answered with a problem, by problem type (the last segment of its type URI).");
        _duration = meter.CreateHistogram("clip.admission.duration", "s",
            "Time the job runner took to admit or reject a create (update-with-start round trip), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ClipTelemetry.DurationBuckets });
    }

    public void Answered(string operation, int status, string? problemCode)
    {
        var op = new KeyValuePair<string, object?>("clip.operation", operation);
        if (status == StatusCodes.Status200OK)
            _admitted.Add(1, op);
        else
            _refused.Add(1, op, new KeyValuePair<string, object?>("clip.problem.type", problemCode ?? $"http-{status}"));
    }

    /// <summary><paramref name="outcome"/>: <c>admitted</c>, <c>rejected</c> or <c>failed</c>.</summary>
    public void RunnerAnswered(TimeSpan elapsed, string outcome) =>
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("clip.admission.outcome", outcome));
}
