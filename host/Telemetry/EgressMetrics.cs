using System.Diagnostics.Metrics;
using Geopera.Clip.Activities.Telemetry;
using Geopera.Clip.Host.Api.Egress;

namespace Geopera.Clip.Host.Telemetry;

/// <summary>Why a download was answered 429 (the <c>clip.egress.reason</c> label).</summary>
public enum EgressRefusal { AssetBucket, OrganizationBucket, Circuit }

/// <summary>Downloads: bytes streamed, 429s by reason, and the storage circuit's state (one series
/// per state, 1 for the current one, so an alert can say <c>state="open" == 1</c>).</summary>
public sealed class EgressMetrics
{
    private static readonly CircuitState[] States = Enum.GetValues<CircuitState>();

    private readonly Meter _meter;
    private readonly Counter<long> _bytes, _refused;

    public EgressMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(ClipTelemetry.MeterName);
        _bytes = _meter.CreateCounter<long>("clip.egress.bytes", "By", "Bytes of output files streamed to clients.");
        _refused = _meter.CreateCounter<long>("clip.egress.refused", "{request}",
            "Downloads answered 429, by reason: asset_bucket, organization_bucket or circuit.");
    }

    public void Streamed(long bytes) => _bytes.Add(bytes);

    public void Refused(EgressRefusal reason) =>
        _refused.Add(1, new KeyValuePair<string, object?>("clip.egress.reason", Label(reason)));

    /// <summary>Publishes the breaker's state; called once by its owner.</summary>
    public void ObserveCircuit(Func<CircuitState> state) =>
        _meter.CreateObservableGauge("clip.egress.circuit.state", () =>
        {
            var now = state();
            return States.Select(s => new Measurement<int>(s == now ? 1 : 0, new KeyValuePair<string, object?>("clip.circuit.state", Label(s))));
        }, "{circuit}", "Storage read circuit of the download path: 1 for the state it is in.");

    public static string Label(EgressRefusal reason) => reason switch
    {
        EgressRefusal.AssetBucket => "asset_bucket",
        EgressRefusal.OrganizationBucket => "organization_bucket",
        _ => "circuit",
    };

    public static string Label(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        _ => "half_open",
    };
}
