using System.Net.Sockets;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>
/// Tells a database that is not serving (stopped, killed, starting up, out of connections, or
/// silent past its deadline) from a statement the database refused or a bug: the first is the
/// service's problem and worth a retry, the others are not.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>True when <paramref name="e"/> (or an exception it wraps) says PostgreSQL could not
    /// be reached or did not answer in time.</summary>
    public static bool IsUnavailable(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);
                case NpgsqlException:
                    // Not a server error: the connection could not be opened, broke, or timed out
                    // (Npgsql wraps SocketException, IOException and TimeoutException in it; a bare
                    // TimeoutException from elsewhere is no database fault).
                    return true;
            }
        }
        return false;
    }

    /// <summary>SQLSTATEs of a server that cannot serve now (PostgreSQL manual, appendix A):
    /// class 08 connection exceptions, class 53 insufficient resources (disk full, out of memory,
    /// too many connections), 57P01-57P03 shutting down, crashed, starting up or not accepting
    /// connections, and 57014 a statement cancelled when its deadline passed.</summary>
    public static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.QueryCanceled;

    /// <summary>A one-line reason for logs: the SQLSTATE and message of the innermost database
    /// error, without a stack trace.</summary>
    public static string Describe(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
                return $"{postgres.SqlState} {postgres.MessageText}";
            if (current is TimeoutException or SocketException)
                return $"{current.GetType().Name}: {current.Message}";
        }
        return $"{e.GetType().Name}: {e.Message}";
    }
}
