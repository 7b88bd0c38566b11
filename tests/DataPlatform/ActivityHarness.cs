using Temporalio.Exceptions;
using Temporalio.Testing;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>Runs activity methods inside Temporal's <see cref="ActivityEnvironment"/>, as a worker would.</summary>
internal static class ActivityHarness
{
    public static Task<T> RunAsync<T>(Func<Task<T>> activity) => new ActivityEnvironment().RunAsync(activity);

    public static Task RunAsync(Func<Task> activity) => new ActivityEnvironment().RunAsync(activity);

    public static Task<ApplicationFailureException> FailureAsync(Func<Task> activity) =>
        Assert.ThrowsAsync<ApplicationFailureException>(() => RunAsync(activity));
}
