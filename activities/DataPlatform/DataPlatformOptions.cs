namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>Settings of the data platform (configuration section <c>DataPlatform</c>).</summary>
public sealed class DataPlatformOptions
{
    public const string Section = "DataPlatform";

    /// <summary>How long an Idempotency-Key stays bound to its job (the API contract promises at
    /// least 24 h). After that the key is forgotten.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);
}
