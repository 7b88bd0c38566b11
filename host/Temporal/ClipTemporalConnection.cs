using Temporalio.Client;
using Temporalio.Common.EnvConfig;

namespace Geopera.Clip.Host.Temporal;

/// <summary>
/// The one way this service connects to Temporal, used by the API's client, the workers and
/// <c>replay --workflow-id</c>. It starts from Temporal's environment configuration, read by the
/// SDK's <see cref="ClientEnvConfig"/> exactly as the <c>temporal</c> CLI and other SDKs read it
/// (a temporal.toml profile, overridden by <c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c>,
/// <c>TEMPORAL_API_KEY</c>, <c>TEMPORAL_TLS*</c>, <c>TEMPORAL_GRPC_META_*</c>), then applies what
/// the service's own configuration (<see cref="TemporalSettings"/>) sets explicitly on top.
/// </summary>
public static class ClipTemporalConnection
{
    /// <summary>Connect options for <paramref name="settings"/>. <paramref name="environment"/>
    /// replaces the process environment (tests); certificate files are read now, so a missing or
    /// unreadable one stops the service at start with its setting named.</summary>
    public static TemporalClientConnectOptions ConnectOptions(TemporalSettings settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        var profile = LoadProfile(settings, environment);
        var options = profile.ToClientConnectionOptions();
        options.TargetHost = NonBlank(settings.Address) ?? NonBlank(options.TargetHost) ?? TemporalSettings.DefaultAddress;
        options.Namespace = NonBlank(settings.Namespace) ?? NonBlank(profile.Namespace) ?? TemporalSettings.DefaultNamespace;
        var explicitKey = NonBlank(settings.ApiKey);
        if (explicitKey is not null)
            options.ApiKey = explicitKey;
        var tlsTurnedOff = profile.Tls?.Disabled == true;
        options.Tls = Tls(settings.Tls, options.Tls, newlyNeeded: explicitKey is not null && !tlsTurnedOff);
        return options;
    }

    /// <summary>Where and how a client connects, for logs and messages: never the key or a certificate.</summary>
    public static string Describe(TemporalClientConnectOptions options)
    {
        var security = options.Tls is null ? "plaintext"
            : options.Tls.ClientCert is not null ? "TLS with a client certificate" : "TLS";
        if (options.ApiKey is not null)
            security += " and an API key";
        return $"{options.TargetHost} namespace {options.Namespace} ({security})";
    }

    private static ClientEnvConfig.Profile LoadProfile(TemporalSettings settings, IReadOnlyDictionary<string, string>? environment)
    {
        var load = new ClientEnvConfig.ProfileLoadOptions
        {
            Profile = NonBlank(settings.Profile),
            ConfigSource = NonBlank(settings.ConfigFile) is { } file ? DataSource.FromPath(file) : null,
            OverrideEnvVars = environment,
        };
        try
        {
            return ClientEnvConfig.Profile.Load(load);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"Temporal's environment configuration could not be read (profile '{load.Profile ?? "default"}'" +
                (load.ConfigSource?.Path is { } path ? $", file {path}" : "") + $"): {e.Message} " +
                "Fix TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE or Temporal:Profile / Temporal:ConfigFile, or the TEMPORAL_* variables.", e);
        }
    }

    // Settings refine what the environment gave: they can turn TLS on or off and name the server,
    // the CA and the client certificate; an API key without any TLS setting implies TLS, as the SDK
    // does for a profile's key.
    private static TlsOptions? Tls(TemporalTlsSettings settings, TlsOptions? fromEnvironment, bool newlyNeeded)
    {
        if (settings.Enabled == false)
            return null;
        var tls = fromEnvironment ?? (settings.Enabled == true || settings.AnyFileOrName || newlyNeeded ? new TlsOptions() : null);
        if (tls is null)
            return null;
        if (NonBlank(settings.ServerName) is { } name)
            tls.Domain = name;
        if (NonBlank(settings.ServerCaCertFile) is { } ca)
            tls.ServerRootCACert = Read(ca, "Temporal:Tls:ServerCaCertFile");
        if (NonBlank(settings.ClientCertFile) is { } cert)
            tls.ClientCert = Read(cert, "Temporal:Tls:ClientCertFile");
        if (NonBlank(settings.ClientKeyFile) is { } key)
            tls.ClientPrivateKey = Read(key, "Temporal:Tls:ClientKeyFile");
        if ((tls.ClientCert is null) != (tls.ClientPrivateKey is null))
        {
            throw new InvalidOperationException(
                "mTLS needs both a client certificate and its private key: set Temporal:Tls:ClientCertFile and " +
                "Temporal:Tls:ClientKeyFile (or TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH).");
        }
        return tls;
    }

    private static byte[] Read(string path, string setting)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting} names {path}, which cannot be read: {e.Message}", e);
        }
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
