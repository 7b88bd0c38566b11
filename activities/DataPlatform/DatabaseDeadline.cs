using Microsoft.Extensions.Options;
using Npgsql;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>
/// Bounds one database call by <see cref="DataPlatformOptions.DatabaseTimeoutSeconds"/>, whatever
/// the server does. Npgsql's own timeouts do not suffice against a frozen server: when a command's
/// time is up it first sends PostgreSQL a cancel request on a new connection, which the frozen
/// server accepts and never answers (a 2 s command timeout measured 6.1 s to fail), and a call
/// cancelled through its token waits for that request as long as the freeze lasts. So the caller
/// stops waiting at the deadline; the abandoned call ends on Npgsql's timeouts and frees its
/// connection then.
/// </summary>
public sealed class DatabaseDeadline(IOptions<DataPlatformOptions> options, TimeProvider clock)
{
    public TimeSpan Limit => TimeSpan.FromSeconds(Math.Max(0.1, options.Value.DatabaseTimeoutSeconds));

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var work = call(ct);
        try
        {
            return await work.WaitAsync(Limit, clock, ct).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // Observed, so its eventual failure is not an unobserved task exception.
            _ = work.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            // An NpgsqlException like Npgsql's own timeouts, so every caller treats it as one.
            throw new NpgsqlException($"The database did not answer within {Limit.TotalSeconds:0.#} s (DataPlatform:DatabaseTimeoutSeconds).", e);
        }
    }
}
