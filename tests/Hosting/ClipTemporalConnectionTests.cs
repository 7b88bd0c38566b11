using Geopera.Clip.Host.Temporal;
using Geopera.Clip.Tests.Raster;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Geopera.Clip.Tests.Hosting;

/// <summary>
/// The connect options every Temporal client of the service gets (API, workers, replay), built
/// offline from settings, environment variables and a temporal.toml through the SDK's own
/// ClientEnvConfig (sdk-dotnet src/Temporalio/Common/EnvConfig/ClientEnvConfig.cs, which hands the
/// file and the TEMPORAL_* variables to core's envconfig). The environment is passed in, never the
/// machine's, so a TEMPORAL_ADDRESS set for the end-to-end suite cannot leak into these tests.
/// </summary>
public sealed class ClipTemporalConnectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder.Path, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    // An empty temporal.toml unless a test writes one: the user's own file never takes part.
    private TemporalSettings Settings(params (string Key, string Value)[] values)
    {
        var data = values.ToDictionary(v => "Temporal:" + v.Key, v => (string?)v.Value);
        if (!data.ContainsKey("Temporal:ConfigFile"))
            data["Temporal:ConfigFile"] = File("empty.toml", "");
        return TemporalSettings.From(new ConfigurationBuilder().AddInMemoryCollection(data).Build());
    }

    private static Dictionary<string, string> Env(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void Nothing_configured_connects_to_a_local_plaintext_server()
    {
        var options = ClipTemporalConnection.ConnectOptions(Settings(), Env());
        Assert.Equal(("127.0.0.1:7233", "default"), (options.TargetHost, options.Namespace));
        Assert.Null(options.Tls);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void Temporal_cloud_by_api_key_from_the_environment_gets_tls()
    {
        var options = ClipTemporalConnection.ConnectOptions(Settings(), Env(
            ("TEMPORAL_ADDRESS", "eu-west-1.aws.api.temporal.io:7233"),
            ("TEMPORAL_NAMESPACE", "clip.a1b2c"),
            ("TEMPORAL_API_KEY", "key-123")));

        Assert.Equal(("eu-west-1.aws.api.temporal.io:7233", "clip.a1b2c", "key-123"), (options.TargetHost, options.Namespace, options.ApiKey));
        Assert.NotNull(options.Tls);
        Assert.Null(options.Tls.ClientCert);
    }

    [Fact]
    public void Mtls_from_environment_paths_reads_the_certificate_and_key()
    {
        var cert = File("client.pem", "-----BEGIN CERTIFICATE-----\nenv-cert\n-----END CERTIFICATE-----\n");
        var key = File("client.key", "-----BEGIN PRIVATE KEY-----\nenv-key\n-----END PRIVATE KEY-----\n");
        var options = ClipTemporalConnection.ConnectOptions(Settings(), Env(
            ("TEMPORAL_ADDRESS", "clip.a1b2c.tmprl.cloud:7233"),
            ("TEMPORAL_TLS_CLIENT_CERT_PATH", cert),
            ("TEMPORAL_TLS_CLIENT_KEY_PATH", key)));

        Assert.Equal(System.IO.File.ReadAllBytes(cert), options.Tls!.ClientCert);
        Assert.Equal(System.IO.File.ReadAllBytes(key), options.Tls.ClientPrivateKey);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void A_temporal_toml_profile_chosen_by_setting_or_by_TEMPORAL_PROFILE()
    {
        var cert = File("prod.pem", "prod-cert");
        var key = File("prod.key", "prod-key");
        var toml = File("temporal.toml", $"""
            [profile.default]
            address = "localhost:7233"

            [profile.prod]
            address = "temporal.prod.internal:7233"
            namespace = "clip-prod"
            [profile.prod.tls]
            server_name = "frontend.prod.internal"
            client_cert_path = "{cert}"
            client_key_path = "{key}"
            """);

        foreach (var (settings, env) in new[]
                 {
                     (Settings(("ConfigFile", toml), ("Profile", "prod")), Env()),
                     (Settings(("ConfigFile", toml)), Env(("TEMPORAL_PROFILE", "prod"))),
                 })
        {
            var options = ClipTemporalConnection.ConnectOptions(settings, env);
            Assert.Equal(("temporal.prod.internal:7233", "clip-prod"), (options.TargetHost, options.Namespace));
            Assert.Equal("frontend.prod.internal", options.Tls!.Domain);
            Assert.Equal("prod-cert"u8.ToArray(), options.Tls.ClientCert);
            Assert.Equal("prod-key"u8.ToArray(), options.Tls.ClientPrivateKey);
        }
        Assert.Equal("localhost:7233", ClipTemporalConnection.ConnectOptions(Settings(("ConfigFile", toml)), Env()).TargetHost);
    }

    [Fact]
    public void Environment_overrides_the_profile_and_the_service_settings_override_both()
    {
        var toml = File("temporal.toml", """
            [profile.default]
            address = "from-file:7233"
            namespace = "file-ns"
            """);
        var env = Env(("TEMPORAL_ADDRESS", "from-env:7233"));

        var fromEnvironment = ClipTemporalConnection.ConnectOptions(Settings(("ConfigFile", toml)), env);
        Assert.Equal(("from-env:7233", "file-ns"), (fromEnvironment.TargetHost, fromEnvironment.Namespace));

        var fromSettings = ClipTemporalConnection.ConnectOptions(Settings(("ConfigFile", toml), ("Address", "from-settings:7233"), ("Namespace", "clip")), env);
        Assert.Equal(("from-settings:7233", "clip"), (fromSettings.TargetHost, fromSettings.Namespace));
    }

    [Fact]
    public void Mtls_and_a_private_ca_from_the_service_settings()
    {
        var ca = File("ca.pem", "private-ca");
        var cert = File("c.pem", "settings-cert");
        var key = File("c.key", "settings-key");
        var options = ClipTemporalConnection.ConnectOptions(Settings(
            ("Address", "temporal.internal:7233"),
            ("Tls:ServerName", "temporal"),
            ("Tls:ServerCaCertFile", ca),
            ("Tls:ClientCertFile", cert),
            ("Tls:ClientKeyFile", key)), Env());

        Assert.Equal("temporal", options.Tls!.Domain);
        Assert.Equal("private-ca"u8.ToArray(), options.Tls.ServerRootCACert);
        Assert.Equal(("settings-cert", "settings-key"),
            (System.Text.Encoding.UTF8.GetString(options.Tls.ClientCert!), System.Text.Encoding.UTF8.GetString(options.Tls.ClientPrivateKey!)));
        Assert.Equal("temporal.internal:7233 namespace default (TLS with a client certificate)", ClipTemporalConnection.Describe(options));
    }

    [Fact]
    public void An_api_key_setting_implies_tls_unless_tls_is_turned_off()
    {
        var withKey = ClipTemporalConnection.ConnectOptions(Settings(("ApiKey", "k")), Env());
        Assert.Equal("k", withKey.ApiKey);
        Assert.NotNull(withKey.Tls);
        Assert.Equal("127.0.0.1:7233 namespace default (TLS and an API key)", ClipTemporalConnection.Describe(withKey));

        var plaintext = ClipTemporalConnection.ConnectOptions(Settings(("ApiKey", "k"), ("Tls:Enabled", "false")), Env(("TEMPORAL_TLS", "true")));
        Assert.Null(plaintext.Tls);
    }

    [Fact]
    public void A_certificate_without_its_key_is_refused_naming_both_settings()
    {
        var cert = File("only.pem", "cert");
        var e = Assert.Throws<InvalidOperationException>(() =>
            ClipTemporalConnection.ConnectOptions(Settings(("Tls:ClientCertFile", cert)), Env()));
        Assert.Contains("Temporal:Tls:ClientKeyFile", e.Message, StringComparison.Ordinal);
        Assert.Contains("TEMPORAL_TLS_CLIENT_KEY_PATH", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_certificate_file_names_its_setting()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            ClipTemporalConnection.ConnectOptions(Settings(("Tls:ServerCaCertFile", Path.Combine(_folder.Path, "missing.pem"))), Env()));
        Assert.StartsWith("Temporal:Tls:ServerCaCertFile names ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_profile_or_config_file_is_one_clear_error()
    {
        var toml = File("temporal.toml", "[profile.default]\naddress = \"a:1\"\n");
        var missingProfile = Assert.Throws<InvalidOperationException>(() =>
            ClipTemporalConnection.ConnectOptions(Settings(("ConfigFile", toml), ("Profile", "nope")), Env()));
        Assert.Contains("profile 'nope'", missingProfile.Message, StringComparison.Ordinal);
    }
}
