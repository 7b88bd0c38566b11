using Geopera.Clip.Host.Verbs;
using Geopera.Clip.Host.Workers;
using Geopera.Clip.Workflows.Activities;
using System.Text.Json.Nodes;
using Temporalio.Api.Enums.V1;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary><c>host replay</c>: the verdict, the event a wrong history breaks at, exit codes.</summary>
public sealed class ReplayVerbTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clip-replay-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Correct_history_is_ok()
    {
        var report = await ReplayDiagnosis.ReplayAsync(ClipHistories.CancelledDuringWarps(), TestContext.Current.CancellationToken);
        Assert.True(report.Ok, report.Describe());
        Assert.StartsWith("OK: ", report.Describe());
    }

    [Fact]
    public async Task Wrong_history_breaks_at_the_first_diverging_event()
    {
        var history = ClipHistories.WarpFailsThenCompensates(skipDelete: true);
        var report = await ReplayDiagnosis.ReplayAsync(history, TestContext.Current.CancellationToken);
        Assert.False(report.Ok);
        var expected = history.Events.First(e =>
            e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == ActivityNames.CloseJob);
        Assert.Equal(expected.EventId, report.BrokenAt?.EventId);
        Assert.Contains($"Broke at event {expected.EventId} (ActivityTaskScheduled)", report.Describe());
    }

    // Replays: the whole history once, then one per halving of the interval (5, 7, 6 for a first
    // failure at 7; 5, 2, 1 at 1; 5, 7, 8, 9 at 10); a linear search would need up to 10.
    [Theory]
    [InlineData(10, 7, 7, 4)]
    [InlineData(10, 1, 1, 4)]
    [InlineData(10, 10, 10, 5)]
    [InlineData(10, 11, null, 1)]
    [InlineData(0, 1, null, 0)]
    public async Task Binary_search_finds_the_first_failing_prefix(int count, int firstFailing, int? expected, int expectedReplays)
    {
        var replays = 0;
        var found = await ReplayDiagnosis.FirstFailingPrefixAsync(count, n => { replays++; return Task.FromResult(n < firstFailing); });
        Assert.Equal(expected, found);
        Assert.Equal(expectedReplays, replays);
    }

    /// <summary>What the verb printed and returned.</summary>
    private sealed record Outcome(int Exit, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<Outcome> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await HostVerbs.RunAsync(["replay", .. args], output, error);
        return new Outcome(exit, output.ToString(), error.ToString());
    }

    private static readonly string CliExport = ClipHistories.OneAsset().ToJson();

    /// <summary>The shapes Temporal's tools export a history in, each made from one history:
    /// <c>temporal workflow show -o json</c> prints <c>history.History{Events}</c> as proto JSON with
    /// payload shorthand off (temporalio/cli temporalcli/commands.workflow_view.go,
    /// TemporalWorkflowShowCommand.run) — the SDK's ToJson writes the same proto JSON; the UI's
    /// Download writes <c>{events}</c> of the raw events, encoded or codec-decoded, both still
    /// payloads of base64 (temporalio/ui src/lib/utilities/export-history.ts), in older UIs with
    /// enum names such as <c>WorkflowExecutionStarted</c>; the HTTP API answers
    /// <c>{history: {events}}</c>; and a bare array of the events.</summary>
    public static TheoryData<string, string> Exports() => new()
    {
        { "cli-show-json", CliExport },
        { "ui-download-older-enum-names", UiExportSpelling.From(CliExport) },
        { "bare-array", JsonNode.Parse(CliExport)!["events"]!.ToJsonString() },
        { "http-api-history-response", new JsonObject { ["history"] = JsonNode.Parse(CliExport), ["nextPageToken"] = null, ["archived"] = false }.ToJsonString() },
    };

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task Every_export_shape_of_a_good_history_replays_and_exits_zero(string shape, string json)
    {
        var outcome = await RunAsync(await WriteAsync(shape + ".json", json));
        Assert.Equal((0, ""), (outcome.Exit, outcome.Error));
        Assert.StartsWith($"OK: {shape} (", outcome.Output);
    }

    [Fact]
    public async Task A_bare_array_that_does_not_replay_names_its_event_and_exits_one()
    {
        var history = ClipHistories.SixAssetsFourAtATime(unbounded: true).ToJson();
        var outcome = await RunAsync(await WriteAsync("bad.json", JsonNode.Parse(history)!["events"]!.ToJsonString()));
        Assert.Equal(1, outcome.Exit);
        Assert.Matches(@"Broke at event \d+ \(ActivityTaskScheduled\)", outcome.Output);
    }

    /// <summary>The UI's "readable" download: each payload becomes {metadata (plain strings), data
    /// (the decoded value)} (temporalio/ui src/lib/utilities/decode-payload.ts,
    /// parseRawPayloadToJSON with returnDataOnly false).</summary>
    private static string Readable(string protoJson)
    {
        var root = JsonNode.Parse(protoJson)!;
        foreach (var payload in Payloads(root))
        {
            var metadata = payload["metadata"]!.AsObject();
            foreach (var key in metadata.Select(m => m.Key).ToList())
                metadata[key] = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(metadata[key]!.GetValue<string>()));
            // A binary/null payload has no data in proto JSON; the UI writes it as null.
            payload["data"] = payload["data"] is JsonValue data ? JsonNode.Parse(Convert.FromBase64String(data.GetValue<string>())) : null;
        }
        return root.ToJsonString();
    }

    private static IEnumerable<JsonObject> Payloads(JsonNode node) => node switch
    {
        JsonObject o when o["payloads"] is JsonArray items => items.OfType<JsonObject>().Concat(o.Where(m => m.Key != "payloads" && m.Value is not null).SelectMany(m => Payloads(m.Value!))),
        JsonObject o => o.Where(m => m.Value is not null).SelectMany(m => Payloads(m.Value!)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Payloads),
        _ => [],
    };

    private static string WithFirstEvent(Func<JsonObject, JsonNode?> change)
    {
        var root = JsonNode.Parse(CliExport)!;
        var events = root["events"]!.AsArray();
        change(events[0]!.AsObject());
        return root.ToJsonString();
    }

    public static TheoryData<string, string, string> NotReplayable() => new()
    {
        { "empty", "", "is empty" },
        { "blank", " \n\t", "is empty" },
        { "garbage", "{ not json", "is not JSON" },
        { "json-null", "null", "is not a workflow history" },
        { "json-number", "42", "is not a workflow history" },
        { "other-object", """{"workflowId":"clip-1"}""", "is not a workflow history" },
        { "no-events", """{"events":[]}""", "holds no history events" },
        { "readable-download", Readable(CliExport), "\"readable\" download" },
        { "event-garbage", """{"events":[{"eventId":"one","eventType":"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"}]}""", "is not a history Temporal can read" },
        { "another-workflow-type", WithFirstEvent(e => e["workflowExecutionStartedEventAttributes"]!["workflowType"]!["name"] = "InvoiceWorkflow"), "workflow type 'InvoiceWorkflow', not ClipWorkflow" },
        { "partial", JsonNode.Parse(CliExport)!["events"]!.AsArray().Skip(3).Select(e => e!.DeepClone()).Aggregate(new JsonArray(), (a, e) => { a.Add(e); return a; }).ToJsonString(), "does not begin with WorkflowExecutionStarted" },
    };

    [Theory]
    [MemberData(nameof(NotReplayable))]
    public async Task A_file_that_is_no_ClipWorkflow_history_exits_two_with_one_line_naming_why(string name, string content, string says)
    {
        var outcome = await RunAsync(await WriteAsync(name + ".json", content));
        Assert.Equal((2, ""), (outcome.Exit, outcome.Output));
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Contains(says, line);
        Assert.Contains(name + ".json", line);
    }

    [Fact]
    public async Task A_missing_file_or_a_folder_exits_two_with_one_line()
    {
        foreach (var (path, says) in new[] { (Path.Combine(_directory, "missing.json"), "no such file"), (_directory, "is a folder") })
        {
            var outcome = await RunAsync(path);
            Assert.Equal(2, outcome.Exit);
            Assert.Contains(says, Assert.Single(outcome.ErrorLines));
        }
    }

    [Fact]
    public async Task Unreachable_server_or_unknown_workflow_exits_two()
    {
        // No server at the configured address here (connection refused); with one, the id is unknown.
        var outcome = await RunAsync("--workflow-id", "clip-" + Guid.NewGuid());
        Assert.Equal(2, outcome.Exit);
        Assert.StartsWith("Cannot fetch the history of clip-", Assert.Single(outcome.ErrorLines));
    }

    [Theory]
    [InlineData()]
    [InlineData("a.json", "b.json")]
    [InlineData("a.json", "--workflow-id", "clip-1")]
    [InlineData("--run-id", "r1")]
    [InlineData("--workflow-id")]
    [InlineData("--verbose", "a.json")]
    public async Task Bad_usage_exits_two(params string[] args) => Assert.Equal(2, (await RunAsync(args)).Exit);

    [Fact]
    public void Parses_both_forms()
    {
        Assert.Empty(HostVerbs.Parse(["replay", "h.json"]).Errors);
        var fetch = HostVerbs.Parse(["replay", "--workflow-id", "clip-1", "--run-id", "r"]);
        Assert.Empty(fetch.Errors);
        Assert.Equal(("clip-1", "r"), (fetch.GetValue<string>("--workflow-id"), fetch.GetValue<string>("--run-id")));
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
        return path;
    }
}
