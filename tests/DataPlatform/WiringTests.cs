using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Assets;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Geopera.Clip.Host.Verbs;
using Geopera.Clip.Tests.Infrastructure;
using Geopera.Clip.Workflows.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Temporalio.Activities;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Dependency injection, Temporal activity definitions and the host verbs.</summary>
public sealed class WiringTests
{
    [Fact]
    public void AddClipDataPlatform_builds_every_service_and_binds_options_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Clip"] = "Host=127.0.0.1;Database=unused",
            ["DataPlatform:IdempotencyRetention"] = "2.00:00:00",
            ["DataPlatform:MaxAssetsPerJob"] = "12",
            ["DataPlatform:AssetHrefs:AllowedLocalRoots:0"] = "/srv/rasters",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddClipDataPlatform(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(services.GetRequiredService<DataPlatformActivities>());
        Assert.NotNull(services.GetRequiredService<IApiKeyStore>());
        Assert.NotNull(services.GetRequiredService<IJobStore>());
        Assert.NotNull(services.GetRequiredService<IIdempotencyStore>());
        Assert.Equal(TimeSpan.FromDays(2), services.GetRequiredService<IOptions<DataPlatformOptions>>().Value.IdempotencyRetention);
        Assert.Equal(12, services.GetRequiredService<IOptions<DataPlatformOptions>>().Value.MaxAssetsPerJob);
        Assert.Equal(["/srv/rasters/"], services.GetRequiredService<AssetHrefPolicy>().AllowedLocalRoots);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    public void A_cap_of_assets_per_job_outside_1_to_256_stops_the_start_naming_the_setting(string cap)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Clip"] = "Host=127.0.0.1;Database=unused",
            ["DataPlatform:MaxAssetsPerJob"] = cap,
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddClipDataPlatform(configuration));
        Assert.Contains("DataPlatform:MaxAssetsPerJob is " + cap, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_activity_is_registered_under_its_agreed_name()
    {
        using var services = new ServiceCollection().AddLogging().AddClipDataPlatform("Host=127.0.0.1;Database=unused").BuildServiceProvider();
        var activities = services.GetRequiredService<DataPlatformActivities>();
        var names = ActivityDefinition.CreateAll(activities).Select(d => d.Name).Order().ToList();
        Assert.Equal(new[] { ActivityNames.CloseJob, ActivityNames.RegisterArtifacts, ActivityNames.ReserveCredits, ActivityNames.ResolveAssets }.Order(), names);
    }

    [Fact]
    public async Task Migrate_and_seed_verbs_run_twice_against_a_fresh_database()
    {
        var name = PostgresDatabases.UniqueName("clip_test_verbs");
        var builder = new NpgsqlConnectionStringBuilder(PostgresDatabaseFixture.ServerConnectionString) { Database = name };
        var seedFile = Path.Combine(Path.GetTempPath(), $"{name}.json");
        await File.WriteAllTextAsync(seedFile, """
            {"organizations":[{"id":"org-verbs","name":"Verbs","credit_limit":10,
              "api_keys":[{"id":"key-verbs","key":"gpra_verbs_0123456789abcdef","scopes":["clip:read"]}]}]}
            """, TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(0, await HostVerbs.RunAsync(["migrate", "--connection", builder.ConnectionString, "--create-database"]));
            Assert.Equal(0, await HostVerbs.RunAsync(["migrate", "--connection", builder.ConnectionString]));
            Assert.Equal(0, await HostVerbs.RunAsync(["seed", seedFile, "--connection", builder.ConnectionString]));
            Assert.Equal(0, await HostVerbs.RunAsync(["seed", "--connection", builder.ConnectionString, seedFile]));
            Assert.Equal(1, await HostVerbs.RunAsync(["seed", seedFile + ".missing", "--connection", builder.ConnectionString]));
            Assert.Equal(2, await HostVerbs.RunAsync(["seed"]));
            Assert.Equal(2, await HostVerbs.RunAsync(["migrate", "--bogus"]));

            await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
            await using var command = dataSource.CreateCommand("SELECT limit_units FROM credit_accounts WHERE organization_id = 'org-verbs'");
            Assert.Equal(10L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(seedFile);
            await PostgresDatabases.DropAsync(PostgresDatabaseFixture.ServerConnectionString, name, TestContext.Current.CancellationToken);
        }
    }
}
