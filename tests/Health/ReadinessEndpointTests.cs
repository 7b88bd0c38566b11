using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Geopera.Clip.Host.Health;
using Geopera.Clip.Tests.Api;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.Health;

/// <summary>/readyz of the real service (API role) while Temporal is unreachable: it must not say
/// "Healthy" (a load balancer would keep sending creates that can only answer 503), and it must
/// name the dependency and what to do.</summary>
public sealed class ReadinessEndpointTests(UnreachableTemporalHost host) : IClassFixture<UnreachableTemporalHost>
{
    [Fact]
    public async Task Readyz_is_503_naming_temporal_with_an_action_while_the_database_passes()
    {
        var watch = Stopwatch.StartNew();
        var response = await host.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        var elapsed = watch.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("not_ready", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("pass", checks["database"].GetProperty("state").GetString());
        Assert.False(checks["database"].TryGetProperty("action", out _));
        var temporal = checks["temporal"];
        Assert.Equal("fail", temporal.GetProperty("state").GetString());
        Assert.Contains("127.0.0.1:1", temporal.GetProperty("detail").GetString());
        Assert.Contains("Temporal:Address", temporal.GetProperty("action").GetString());
        // Within the checks' own timeout (2 s by default) plus the request's overhead.
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"/readyz took {elapsed}");
    }

    [Fact]
    public async Task Healthz_is_200_whatever_the_dependencies()
    {
        var response = await host.Http.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alive", JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_database_missing_a_migration_fails_the_database_check_naming_it()
    {
        var latest = await host.Seed.ScalarAsync("SELECT max(version) FROM schema_migrations");
        await host.Seed.ExecAsync("CREATE TABLE hidden_migration AS SELECT * FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
        await host.Seed.ExecAsync("DELETE FROM schema_migrations WHERE version = (SELECT version FROM hidden_migration)");
        try
        {
            var database = await DatabaseCheckAsync();
            Assert.Equal("fail", database.GetProperty("state").GetString());
            Assert.Equal($"Migrations not applied: {latest}.", database.GetProperty("detail").GetString());
            Assert.Contains("host migrate", database.GetProperty("action").GetString());
        }
        finally
        {
            await host.Seed.ExecAsync("INSERT INTO schema_migrations SELECT * FROM hidden_migration");
            await host.Seed.ExecAsync("DROP TABLE hidden_migration");
        }
        Assert.Equal("pass", (await DatabaseCheckAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_unreachable_database_fails_its_check_with_what_to_do()
    {
        // Port 1 on loopback: nothing listens, the connect is refused at once (the database
        // stopped, killed or frozen mid-flight is the dependency-fault suite's business).
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=3");

        var result = await new DatabaseReadinessCheck(dataSource).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Ready);
        Assert.StartsWith("The database is unreachable", result.Detail);
        Assert.Contains("ConnectionStrings:Clip", result.Action);
    }

    [Fact]
    public async Task The_api_role_checks_its_store_and_no_workers_and_fails_storage_while_the_local_root_is_gone()
    {
        var checks = await ChecksAsync();
        Assert.Equal("pass", checks["storage"].GetProperty("state").GetString());
        Assert.False(checks.ContainsKey("temporal-workers"), "the API role runs no worker, so it must not wait for one");

        var away = host.StorageRoot + ".unmounted";
        Directory.Move(host.StorageRoot, away);
        try
        {
            var storage = (await ChecksAsync())["storage"];
            Assert.Equal("fail", storage.GetProperty("state").GetString());
            Assert.Equal($"The local store's root {host.StorageRoot} does not exist.", storage.GetProperty("detail").GetString());
            Assert.Contains("Storage:LocalRoot", storage.GetProperty("action").GetString());
        }
        finally
        {
            Directory.Move(away, host.StorageRoot);
        }
        Assert.Equal("pass", (await ChecksAsync())["storage"].GetProperty("state").GetString());
    }

    private async Task<JsonElement> DatabaseCheckAsync() => (await ChecksAsync())["database"];

    private async Task<Dictionary<string, JsonElement>> ChecksAsync()
    {
        var text = await host.Http.GetStringWithAnyStatusAsync("/readyz");
        return JsonDocument.Parse(text).RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
    }
}

internal static class ReadyzCalls
{
    public static async Task<string> GetStringWithAnyStatusAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
