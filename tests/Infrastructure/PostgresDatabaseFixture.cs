using Geopera.Clip.Activities.DataPlatform.Credits;
using Geopera.Clip.Activities.DataPlatform.Schema;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated PostgreSQL database per test class (use with <c>IClassFixture</c>), created on
/// the server named by <c>CLIP_TEST_POSTGRES</c> (or the one given) and dropped afterwards. Fails, never skips, when
/// the variable is missing: these tests must run in CI.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? server;

    /// <summary>A fixture on the server of <paramref name="serverConnectionString"/> rather than the
    /// shared one (xUnit allows a class fixture one constructor, hence not a second one).</summary>
    public static PostgresDatabaseFixture On(string serverConnectionString) => new() { server = serverConnectionString };

    public const string ServerVariable = "CLIP_TEST_POSTGRES";

    /// <summary>Connections per test database: enough for real contention, few enough that test
    /// classes running in parallel stay under the server's max_connections.</summary>
    private const int MaxPoolSize = 40;

    private string? databaseName;
    private NpgsqlDataSource? dataSource;
    private ReservationDataSource? reservations;

    /// <summary>The server connection string (a superuser on a throwaway server).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with `./clip test` (it starts a throwaway PostgreSQL), " +
                $"or set {ServerVariable} to a superuser connection string, e.g. 'Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres'.");

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The multiplexed pool credit reservations use (see <see cref="ReservationDataSource"/>).</summary>
    public ReservationDataSource Reservations => reservations ??= ReservationDataSource.Create(ConnectionString);

    public string DatabaseName => databaseName ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync()
    {
        server ??= ServerConnectionString;
        databaseName = PostgresDatabases.UniqueName("clip_test");
        var created = await PostgresDatabases.CreateAsync(server, databaseName);
        ConnectionString = new NpgsqlConnectionStringBuilder(created) { Pooling = true, MaxPoolSize = MaxPoolSize }.ConnectionString;
        dataSource = NpgsqlDataSource.Create(ConnectionString);
        await DatabaseMigrator.MigrateAsync(dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        if (reservations is not null)
            await reservations.DisposeAsync();
        if (dataSource is not null)
            await dataSource.DisposeAsync();
        if (databaseName is not null)
            await PostgresDatabases.DropAsync(server ?? ServerConnectionString, databaseName);
    }
}
