using System.Globalization;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>
/// Npgsql's own timeouts, set from <c>DataPlatform:DatabaseTimeoutSeconds</c>: opening a connection
/// (or waiting for one from a full pool) and each command. The caller stops waiting at the
/// deadline anyway (<see cref="DatabaseDeadline"/>); these make sure a call it abandoned on a
/// frozen server ends too and gives its connection back, instead of holding it for the freeze.
/// </summary>
public static class DatabaseTimeouts
{
    public const double DefaultSeconds = 5;

    /// <summary>The connection string with the deadline as Npgsql's Timeout and Command Timeout
    /// (whole seconds, at least 1), and Cancellation Timeout -1: when a command's time is up the
    /// connection is dropped at once rather than waiting for the server to acknowledge a cancel
    /// request, which a frozen server never does.</summary>
    public static string Apply(string connectionString, double seconds)
    {
        var whole = Math.Max(1, (int)Math.Ceiling(seconds));
        return new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = whole,
            CommandTimeout = whole,
            CancellationTimeout = -1,
        }.ConnectionString;
    }

    public static string Describe(double seconds) => Math.Max(1, Math.Ceiling(seconds)).ToString(CultureInfo.InvariantCulture);
}
