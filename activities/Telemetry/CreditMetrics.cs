using System.Diagnostics.Metrics;

namespace Geopera.Clip.Activities.Telemetry;

/// <summary>Credit movements as the ledger records them. Counted only when a row is written, so a
/// retried reservation or settlement (which changes nothing) counts nothing.</summary>
public sealed class CreditMetrics
{
    private readonly Counter<long> _reserved, _committed, _released, _refused;

    public CreditMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ClipTelemetry.MeterName);
        _reserved = meter.CreateCounter<long>("clip.credits.reserved", "{unit}", "Compute units reserved for admitted jobs.");
        _committed = meter.CreateCounter<long>("clip.credits.committed", "{unit}", "Compute units committed by completed jobs.");
        _released = meter.CreateCounter<long>("clip.credits.released", "{unit}", "Reserved compute units given back (failed, cancelled or partly used jobs).");
        _refused = meter.CreateCounter<long>("clip.credits.reservations.refused", "{reservation}",
            "Reservations refused, by reason (quota_exceeded when the organization's limit would be passed).");
    }

    public void Reserved(long units) => _reserved.Add(units);

    public void Settled(long committed, long released)
    {
        if (committed > 0) _committed.Add(committed);
        _released.Add(released);
    }

    /// <summary><paramref name="reason"/> is the reservation function's outcome, a short fixed word.</summary>
    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("clip.refusal.reason", reason));
}
