using System.Text.Json.Serialization;

namespace Geopera.Clip.Host.Health;

/// <summary>The <c>/readyz</c> answer: ready only when every check of this role passes.</summary>
public sealed record ReadinessReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] IReadOnlyList<CheckReport> Checks)
{
    public const string ReadyStatus = "ready";
    public const string NotReadyStatus = "not_ready";

    [JsonIgnore]
    public bool Ready => Status == ReadyStatus;

    public static ReadinessReport From(IReadOnlyList<CheckReport> checks) =>
        new(checks.All(c => c.State == CheckReport.Pass) ? ReadyStatus : NotReadyStatus, checks);
}

/// <summary>One check in the answer; <c>action</c> only when it fails.</summary>
public sealed record CheckReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    [property: JsonPropertyName("action"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Action)
{
    public const string Pass = "pass";
    public const string Fail = "fail";
}
