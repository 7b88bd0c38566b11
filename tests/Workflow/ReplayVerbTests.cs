using Geopera.Clip.Host.Verbs;
using Geopera.Clip.Host.Workers;
using Geopera.Clip.Workflows.Activities;
using Temporalio.Api.Enums.V1;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary><c>host replay</c>: the verdict, the event a wrong history breaks at, exit codes.</summary>
public sealed class ReplayVerbTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clip-replay-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task CorrectHistoryIsOk()
    {
        var report = await ReplayDiagnosis.ReplayAsync(ClipHistories.CancelledDuringWarps(), TestContext.Current.CancellationToken);
        Assert.True(report.Ok, report.Describe());
        Assert.StartsWith("OK: ", report.Describe());
    }

    [Fact]
    public async Task WrongHistoryBreaksAtTheFirstDivergingEvent()
    {
        var history = ClipHistories.WarpFailsThenCompensates(skipDelete: true);
        var report = await ReplayDiagnosis.ReplayAsync(history, TestContext.Current.CancellationToken);
        Assert.False(report.Ok);
        var expected = history.Events.First(e =>
            e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == ActivityNames.CloseJob);
        Assert.Equal(expected.EventId, report.BrokenAt?.EventId);
        Assert.Contains($"Broke at event {expected.EventId} (ActivityTaskScheduled)", report.Describe());
    }

    [Theory]
    [InlineData(10, 7, 7)]
    [InlineData(10, 1, 1)]
    [InlineData(10, 10, 10)]
    [InlineData(10, 11, null)]
    [InlineData(0, 1, null)]
    public async Task BinarySearchFindsTheFirstFailingPrefix(int count, int firstFailing, int? expected)
    {
        var replays = 0;
        var found = await ReplayDiagnosis.FirstFailingPrefixAsync(count, n => { replays++; return Task.FromResult(n < firstFailing); });
        Assert.Equal(expected, found);
        Assert.InRange(replays, 0, 6);
    }

    [Fact]
    public async Task FileThatReplaysExitsZero() =>
        Assert.Equal(0, await ReplayVerb.RunAsync([await WriteAsync("ok.json", ClipHistories.OneAsset().ToJson())]));

    [Fact]
    public async Task FileThatDoesNotReplayExitsOne() =>
        Assert.Equal(1, await ReplayVerb.RunAsync([await WriteAsync("bad.json", ClipHistories.SixAssetsFourAtATime(unbounded: true).ToJson())]));

    [Fact]
    public async Task UnreadableInputExitsTwo()
    {
        Assert.Equal(2, await ReplayVerb.RunAsync([Path.Combine(directory, "missing.json")]));
        Assert.Equal(2, await ReplayVerb.RunAsync([await WriteAsync("garbage.json", "{ not json")]));
        Assert.Equal(2, await ReplayVerb.RunAsync([await WriteAsync("empty.json", """{"events":[]}""")]));
    }

    [Fact]
    public async Task UnreachableServerOrUnknownWorkflowExitsTwo() =>
        // No server at the configured address here (connection refused); with one, the id is unknown.
        Assert.Equal(2, await ReplayVerb.RunAsync(["--workflow-id", "clip-" + Guid.NewGuid()]));

    [Theory]
    [InlineData()]
    [InlineData("a.json", "b.json")]
    [InlineData("a.json", "--workflow-id", "clip-1")]
    [InlineData("--run-id", "r1")]
    [InlineData("--workflow-id")]
    [InlineData("--verbose", "a.json")]
    public async Task BadUsageExitsTwo(params string[] args) => Assert.Equal(2, await ReplayVerb.RunAsync(args));

    [Fact]
    public void ParsesBothForms()
    {
        Assert.True(ReplayVerb.TryParse(["h.json"], out var file, out _, out _));
        Assert.Equal("h.json", file);
        Assert.True(ReplayVerb.TryParse(["--workflow-id", "clip-1", "--run-id", "r"], out file, out var id, out var run));
        Assert.Equal((null, "clip-1", "r"), (file, id, run));
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(directory, name);
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
        return path;
    }
}
