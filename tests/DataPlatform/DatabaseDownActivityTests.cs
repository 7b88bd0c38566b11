using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Workflows.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using Temporalio.Testing;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>The worker's data-platform activities against a database that is down (a loopback
/// port nothing listens on: connection refused, as for a stopped server): a retryable failure that
/// says so, within the database deadline, never a refusal that would end the job.</summary>
public sealed class DatabaseDownActivityTests
{
    [Fact]
    public async Task An_activity_fails_retryably_naming_the_database_when_PostgreSQL_is_down()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        } // closed again: nothing listens there now
        await using var services = new ServiceCollection().AddLogging()
            .AddClipDataPlatform($"Host=127.0.0.1;Port={port};Username=postgres;Database=clip", timeoutSeconds: 2)
            .BuildServiceProvider();
        var activities = services.GetRequiredService<DataPlatformActivities>();

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() =>
            activities.CloseJobAsync(new CloseJobInput(Guid.NewGuid().ToString(), "org-1", JobStatus.Failed, "warp failed"))));

        Assert.Equal(ClipErrors.DatabaseUnavailable, failure.ErrorType);
        Assert.False(failure.NonRetryable);
        Assert.Contains("database is unavailable", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", failure.Message, StringComparison.Ordinal);
        // Refused at once, not after the driver's 15 s connect timeout (loose for loaded machines).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.00} s");
    }
}
