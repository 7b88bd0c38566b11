using Geopera.Clip.Tests.Api;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>
/// The API host for the metrics tests: one download per file before its bucket refuses, a circuit
/// that opens on the first storage fault. The metrics tests run alone (their collection is not
/// parallel), because an OpenTelemetry meter provider listens to every meter of its name in the
/// process and another host's creates would add to the counts read here.
/// </summary>
public sealed class MetricsHost : ApiTestHost
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Api:Egress:PerAssetBurst"] = "1",
        ["Api:Egress:PerAssetPerSecond"] = "0.001",
        ["Api:Egress:PerOrganizationBurst"] = "1000",
        ["Api:Egress:PerOrganizationPerSecond"] = "1000",
        ["Api:Egress:CircuitFailureThreshold"] = "1",
        ["Api:Egress:CircuitOpenSeconds"] = "3600",
    };

    /// <summary>The service's <c>/metrics</c>, read and parsed.</summary>
    public Task<PrometheusText> ScrapeAsync() => PrometheusText.ScrapeAsync(Http);
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (run alone)";
}
