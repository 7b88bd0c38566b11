using System.CommandLine;
using Geopera.Clip.Activities.DataPlatform.Seeding;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Dev;
using Geopera.Clip.Host.Hosting;
using Npgsql;

namespace Geopera.Clip.Host.Verbs;

/// <summary><c>dev</c>: the whole service on this machine — a Temporal dev server (or the one given),
/// a throwaway PostgreSQL (or the one given), the local object store under the project folder, a
/// seeded demo organization with a generated COG, the API and both workers.</summary>
internal static class DevVerb
{
    /// <param name="run">What runs with the options read (the real dev stack unless a test says otherwise).</param>
    public static Command Command(Func<DevOptions, TextWriter, Task<int>>? run = null)
    {
        run ??= RunAsync;
        var connection = VerbOptions.Connection();
        connection.Description = "Use this PostgreSQL instead of a throwaway one made with initdb.";
        var temporal = new Option<string>("--temporal") { Description = "Use the Temporal server at HOST:PORT instead of starting a dev server.", HelpName = "HOST:PORT" };
        var storage = new Option<string>("--storage")
        {
            Description = "Folder of the local object store, relative to the current folder.",
            HelpName = "DIR",
            DefaultValueFactory = _ => DevOptions.DefaultStorageRoot,
        };
        var urls = new Option<string>("--urls") { Description = "Where the API listens.", HelpName = "URL", DefaultValueFactory = _ => DevOptions.DefaultUrls };
        var uiPort = VerbOptions.Port("--ui-port", "Port of the dev server's Temporal UI.", DevOptions.DefaultUiPort);
        var command = new Command("dev", "Run everything locally with a demo organization (embedded default).")
        {
            connection,
            temporal,
            storage,
            urls,
            uiPort,
        };
        command.SetAction((parse, _) => run(new DevOptions(
            parse.GetValue(connection),
            parse.GetValue(temporal),
            parse.GetRequiredValue(storage),
            parse.GetRequiredValue(urls),
            parse.GetValue(uiPort)), parse.InvocationConfiguration.Error));
        return command;
    }

    private static async Task<int> RunAsync(DevOptions options, TextWriter error)
    {
        DevTemporalServer temporal;
        try
        {
            temporal = options.TemporalAddress is { } address
                ? await DevTemporalServer.ExistingAsync(address)
                : await DevTemporalServer.StartLocalAsync(options.UiPort);
        }
        catch (DevTemporalUnavailableException e)
        {
            await error.WriteLineAsync($"""
                {e.Message}
                The clip service needs a Temporal server. Either
                  - put the `temporal` CLI on PATH (it runs the dev server and UI: https://temporal.io/setup/install-temporal-cli), or
                  - start the compose stack: docker compose -f temporal-dev.yml up -d, then
                    ./clip dev --temporal 127.0.0.1:7233 --connection "Host=127.0.0.1;Port=5433;Username=clip;Password=clip;Database=geopera_clip", or
                  - point at any server: ./clip dev --temporal HOST:PORT
                """);
            return 3;
        }

        await using (temporal)
        {
            await using var postgres = options.Connection is null ? await ThrowawayPostgres.StartAsync(CancellationToken.None) : null;
            var connection = options.Connection ?? postgres!.ConnectionString("geopera_clip");
            var storageRoot = Path.GetFullPath(options.StorageRoot);
            await using var app = ClipApplication.Create([], new Dictionary<string, string?>
            {
                ["ConnectionStrings:Clip"] = connection,
                ["Temporal:Address"] = temporal.Address,
                ["Storage:Kind"] = "local",
                ["Storage:LocalRoot"] = storageRoot,
                ["Roles:Api"] = "true",
                ["Roles:Worker"] = "true",
                ["Roles:WarpWorker"] = "true",
                ["Urls"] = options.Urls,
            });
            // Start first: the service applies its migrations on start, then the demo is seeded into it.
            await app.StartAsync();
            await SeedDemoAsync(app.Services);
            Console.WriteLine(DevBanner.Text(options.Urls, temporal, connection, storageRoot));
            await app.WaitForShutdownAsync();
            return HostExit.Code(app.Services);
        }
    }

    private static async Task SeedDemoAsync(IServiceProvider services)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();

        var store = services.GetRequiredService<IObjectStore>();
        if (!await ExistsAsync(store, DemoSeed.SourceBucket, DemoSeed.SourceKey))
        {
            var scratch = Directory.CreateTempSubdirectory("geopera-clip-demo-");
            try
            {
                var path = Path.Combine(scratch.FullName, "data.tif");
                DemoRaster.Write(path);
                await store.PutFileAsync(DemoSeed.SourceBucket, DemoSeed.SourceKey, path, "image/tiff", CancellationToken.None);
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }
        var seeder = new SeedImporter(dataSource, loggers.CreateLogger<SeedImporter>());
        await seeder.ApplyAsync(DemoSeed.Document(DemoRaster.FootprintRing()), CancellationToken.None);
    }

    private static async Task<bool> ExistsAsync(IObjectStore store, string bucket, string key)
    {
        try
        {
            await store.StatAsync(bucket, key, CancellationToken.None);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }
}
