using System.Net.Sockets;
using Geopera.Clip.Activities.DataPlatform;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Which failures count as "the database is not serving" (503, retryable) and the
/// deadline the service enforces on a call whatever Npgsql does.</summary>
public sealed class DatabaseFaultsTests
{
    [Theory]
    [InlineData("57P01", true)]  // admin_shutdown: pg_ctl stop
    [InlineData("57P02", true)]  // crash_shutdown
    [InlineData("57P03", true)]  // cannot_connect_now: starting up, standby
    [InlineData("53300", true)]  // too_many_connections
    [InlineData("53100", true)]  // disk_full
    [InlineData("08006", true)]  // connection_failure
    [InlineData("57014", true)]  // query_canceled
    [InlineData("23505", false)] // unique_violation: a refused statement, not an outage
    [InlineData("42P01", false)] // undefined_table: a bug or a missing migration
    [InlineData("40001", false)] // serialization_failure: the caller's transaction to retry, not an outage
    public void Server_errors_count_by_their_SQLSTATE(string sqlState, bool unavailable) =>
        Assert.Equal(unavailable, DatabaseFaults.IsUnavailable(new PostgresException("m", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void Connection_failures_count_also_when_wrapped_but_a_bare_timeout_from_elsewhere_does_not()
    {
        Assert.True(DatabaseFaults.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseFaults.IsUnavailable(new InvalidOperationException("wrapped", new NpgsqlException("x", new TimeoutException()))));
        Assert.False(DatabaseFaults.IsUnavailable(new TimeoutException()));
        Assert.False(DatabaseFaults.IsUnavailable(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void The_reason_logged_is_the_SQLSTATE_and_message_of_the_server_error()
    {
        var e = new NpgsqlException("outer", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"));
        Assert.Equal("57P03 the database system is starting up", DatabaseFaults.Describe(e));
    }

    [Fact]
    public async Task A_call_that_does_not_answer_fails_at_the_deadline_as_a_database_fault()
    {
        var clock = new FakeTimeProvider();
        var deadline = new DatabaseDeadline(Options.Create(new DataPlatformOptions { DatabaseTimeoutSeconds = 3 }), clock);
        var never = new TaskCompletionSource<int>();
        var call = deadline.RunAsync(_ => never.Task, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var e = await Assert.ThrowsAsync<NpgsqlException>(() => call);
        Assert.True(DatabaseFaults.IsUnavailable(e));
        Assert.Contains("3 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_that_answers_in_time_returns_its_answer()
    {
        var deadline = new DatabaseDeadline(Options.Create(new DataPlatformOptions { DatabaseTimeoutSeconds = 3 }), new FakeTimeProvider());
        Assert.Equal(42, await deadline.RunAsync(_ => Task.FromResult(42), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Npgsql_timeouts_follow_the_setting_and_skip_waiting_for_a_cancel_acknowledgement()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseTimeouts.Apply("Host=db;Timeout=60;Command Timeout=0", 2.5));
        Assert.Equal(3, builder.Timeout);
        Assert.Equal(3, builder.CommandTimeout);
        Assert.Equal(-1, builder.CancellationTimeout);
    }
}
