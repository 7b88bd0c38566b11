using Geopera.Clip.Workflows;

namespace Geopera.Clip.Host.Temporal;

/// <summary>
/// The <c>Temporal</c> configuration section, bound in one place (<see cref="From"/>) and shared by
/// the API's client, the workers and <c>replay --workflow-id</c>: where the server is and how to
/// reach it (<see cref="ClipTemporalConnection"/> merges these with Temporal's own environment
/// configuration), the task queues, the worker bounds and the API's deadlines.
/// </summary>
public sealed class TemporalSettings
{
    public const string SectionName = "Temporal";
    public const string DefaultAddress = "127.0.0.1:7233";
    public const string DefaultNamespace = "default";

    /// <summary>Default time a stopping worker gives running activities to finish before they are
    /// cancelled (a cancelled warp aborts GDAL, removes its scratch files and partial uploads, and
    /// is retried by another worker).</summary>
    public static readonly TimeSpan DefaultGracefulShutdown = TimeSpan.FromSeconds(20);

    /// <summary>host:port of the frontend. Unset: <c>TEMPORAL_ADDRESS</c>, else the temporal.toml
    /// profile's, else 127.0.0.1:7233.</summary>
    public string? Address { get; set; }

    /// <summary>Unset: <c>TEMPORAL_NAMESPACE</c>, else the profile's, else "default".</summary>
    public string? Namespace { get; set; }

    /// <summary>The temporal.toml profile to read (unset: <c>TEMPORAL_PROFILE</c>, else "default").</summary>
    public string? Profile { get; set; }

    /// <summary>The temporal.toml to read (unset: <c>TEMPORAL_CONFIG_FILE</c>, else the user's
    /// configuration folder's temporalio/temporal.toml, when it exists).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>An API key (Temporal Cloud); implies TLS. Unset: <c>TEMPORAL_API_KEY</c> or the profile's.</summary>
    public string? ApiKey { get; set; }

    public TemporalTlsSettings Tls { get; set; } = new();

    public string MainTaskQueue { get; set; } = "clip-main";
    public string WarpTaskQueue { get; set; } = ActivityPolicies.DefaultWarpTaskQueue;

    /// <summary>Warps one process runs at once: the warp worker's activity slots and the process's own
    /// warp slots (one setting, so a warp the worker accepted never waits unheard for a local slot);
    /// 0 = one per core.</summary>
    public int MaxConcurrentWarps { get; set; }

    public double GracefulShutdownSeconds { get; set; } = DefaultGracefulShutdown.TotalSeconds;

    /// <summary>How long one call to Temporal (admission: resolve + reserve; a cancel) may take in
    /// all before the API answers 503.</summary>
    public double AdmissionTimeoutSeconds { get; set; } = 30;

    /// <summary>How long clip.job.get waits for the workflow's state before answering from the job row.</summary>
    public double QueryTimeoutSeconds { get; set; } = 5;

    /// <summary>Whether the service registers the clip search attributes it finds missing on the
    /// namespace at start. False for namespaces where this service may not (Temporal Cloud): they are
    /// then created in its UI or CLI, and the service stays unready until they exist.</summary>
    public bool RegisterSearchAttributes { get; set; } = true;

    public TimeSpan GracefulShutdown => TimeSpan.FromSeconds(GracefulShutdownSeconds);

    /// <summary>Concurrent warps per warp worker: the configured number, or one per core.</summary>
    public int EffectiveMaxConcurrentWarps => MaxConcurrentWarps > 0 ? MaxConcurrentWarps : Environment.ProcessorCount;

    /// <summary>The section as configured, checked for settings that cannot work together.</summary>
    public static TemporalSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<TemporalSettings>() ?? new TemporalSettings();
        settings.Validate();
        return settings;
    }

    /// <summary>The section as a verb outside the web host reads it: appsettings.json beside the
    /// executable, then environment variables (<c>Temporal__Address</c>…), then <paramref name="overrides"/>.</summary>
    public static TemporalSettings FromAppSettings(IReadOnlyDictionary<string, string?>? overrides = null) =>
        From(new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build());

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(MainTaskQueue) || string.IsNullOrWhiteSpace(WarpTaskQueue))
            throw new InvalidOperationException("Temporal:MainTaskQueue and Temporal:WarpTaskQueue must be set.");
        if (MainTaskQueue == WarpTaskQueue)
        {
            throw new InvalidOperationException(
                $"Temporal:MainTaskQueue and Temporal:WarpTaskQueue are both '{MainTaskQueue}'; give warps their own queue " +
                "so a main worker without the warp activity never picks them up.");
        }
        if (GracefulShutdownSeconds < 0)
            throw new InvalidOperationException("Temporal:GracefulShutdownSeconds must be 0 or positive.");
        if (MaxConcurrentWarps < 0)
            throw new InvalidOperationException("Temporal:MaxConcurrentWarps must be 0 (one per core) or positive.");
        if (AdmissionTimeoutSeconds <= 0 || QueryTimeoutSeconds <= 0)
            throw new InvalidOperationException("Temporal:AdmissionTimeoutSeconds and Temporal:QueryTimeoutSeconds must be positive.");
    }
}

/// <summary><c>Temporal:Tls</c>: TLS and mTLS to the frontend, on top of <c>TEMPORAL_TLS_*</c> and the profile's <c>[tls]</c>.</summary>
public sealed class TemporalTlsSettings
{
    /// <summary>True forces TLS on, false off; unset: on when anything below, an API key, the
    /// environment or the profile asks for it.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The server name to verify (SNI), when it differs from the address's host.</summary>
    public string? ServerName { get; set; }

    /// <summary>PEM of the CA that signed the server's certificate (a private CA); unset: the system's roots.</summary>
    public string? ServerCaCertFile { get; set; }

    /// <summary>PEM client certificate for mTLS; needs <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    public bool AnyFileOrName => ServerName is { Length: > 0 } || ServerCaCertFile is { Length: > 0 }
        || ClientCertFile is { Length: > 0 } || ClientKeyFile is { Length: > 0 };
}
