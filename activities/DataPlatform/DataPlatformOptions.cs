using Geopera.Clip.Workflows;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>Settings of the data platform (configuration section <c>DataPlatform</c>).</summary>
public sealed class DataPlatformOptions
{
    public const string Section = "DataPlatform";

    /// <summary>How long an Idempotency-Key stays bound to its job (the API contract promises at
    /// least 24 h). After that the key is forgotten.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most raster assets one job may resolve to; a create beyond it is refused
    /// (<c>TooManyAssets</c>, 400) before anything is reserved. 1 to
    /// <see cref="JobLimits.MaxAssetsCeiling"/>, which keeps the job's Temporal history within the
    /// server's warning limits.</summary>
    public int MaxAssetsPerJob { get; set; } = JobLimits.DefaultMaxAssets;

    /// <summary>What is wrong with these settings, or null; the host refuses to start on it.</summary>
    public string? Problem() => MaxAssetsPerJob is < 1 or > JobLimits.MaxAssetsCeiling
        ? $"{Section}:MaxAssetsPerJob is {MaxAssetsPerJob}; set 1 to {JobLimits.MaxAssetsCeiling} (more would push a job's Temporal history past the server's warning limits)."
        : null;

    /// <summary>How long one database call (opening a connection, one command) may take before it
    /// fails; the API answers 503 then, activities fail retryably. See <see cref="DatabaseTimeouts"/>.</summary>
    public double DatabaseTimeoutSeconds { get; set; } = DatabaseTimeouts.DefaultSeconds;
}
