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
    private string? _server;

    /// <summary>A fixture on the server of <paramref name="serverConnectionString"/> rather than the
    /// shared one (xUnit allows a class fixture one constructor, hence not a second one).</summary>
    public static PostgresDatabaseFixture On(string serverConnectionString) => new() { _server = serverConnectionString };

    public const string ServerVariable = "CLIP_TEST_POSTGRES";

    /// <summary>Connections per test database: enough for real contention, few enough that test
    /// classes running in parallel stay under the server's max_connections.</summary>
    private const int MaxPoolSize = 40;

    private string? _databaseName;
    private NpgsqlDataSource? _dataSource;
    private ReservationDataSource? _reservations;

    /// <summary>The server connection string (a superuser on a throwaway server).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with `./clip test` (it starts a throwaway PostgreSQL), " +
                $"or set {ServerVariable} to a superuser connection string, e.g. 'Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres'.");

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The multiplexed pool credit reservations use (see <see cref="ReservationDataSource"/>).</summary>
    public ReservationDataSource Reservations => _reservations ??= ReservationDataSource.Create(ConnectionString);

    public string DatabaseName => _databaseName ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync()
    {
        _server ??= ServerConnectionString;
        _databaseName = PostgresDatabases.UniqueName("clip_test");
        var created = await PostgresDatabases.CreateAsync(_server, _databaseName);
        ConnectionString = new NpgsqlConnectionStringBuilder(created) { Pooling = true, MaxPoolSize = MaxPoolSize }.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await DatabaseMigrator.MigrateAsync(_dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        if (_reservations is not null)
            await _reservations.DisposeAsync();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
        if (_databaseName is not null)
            await PostgresDatabases.DropAsync(_server ?? ServerConnectionString, _databaseName);
    }
}
