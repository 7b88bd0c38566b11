namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Real parallelism for race tests: operations start on pool threads, held behind one gate
/// and released together. <see cref="Contention{T}.MostInFlight"/> says how many were under way at the
/// same moment, so a race test can show that its race really happened (a run in which every
/// operation ran alone would prove nothing about concurrency).</summary>
internal static class Concurrently
{
    public sealed record Contention<T>(T[] Results, int MostInFlight);

    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> operation) =>
        (await RunMeasuredAsync(count, operation)).Results;

    public static async Task<Contention<T>> RunMeasuredAsync<T>(int count, Func<int, Task<T>> operation)
    {
        using var start = new ManualResetEventSlim();
        var inFlight = 0;
        var most = 0;
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            try
            {
                return await operation(i);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        })).ToList();
        start.Set();
        return new Contention<T>(await Task.WhenAll(tasks), Volatile.Read(ref most));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }
}
