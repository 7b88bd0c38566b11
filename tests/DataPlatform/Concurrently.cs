namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Real parallelism for race tests: operations start on pool threads, held behind one gate
/// and released together.</summary>
internal static class Concurrently
{
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> operation)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(() =>
        {
            start.Wait();
            return operation(i);
        })).ToList();
        start.Set();
        return await Task.WhenAll(tasks);
    }
}
