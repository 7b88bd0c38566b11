using Temporalio.Common;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// tests/histories/*.json — histories exported from a Temporal server (UI "Download" or
/// <c>temporal workflow show --output json</c>) or written by <see cref="ClipHistories"/> — must
/// all replay with the current code, so a non-deterministic change fails before deploy. Drop a
/// failed or long-running production job's history in to guard it.
/// </summary>
public sealed class HistoryCorpusTests
{
    private static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "histories");

    internal static IEnumerable<string> CorpusFiles() =>
        Directory.Exists(CorpusDirectory) ? Directory.EnumerateFiles(CorpusDirectory, "*.json").Order() : [];

    [Fact]
    public async Task Every_history_in_the_corpus_replays()
    {
        var files = CorpusFiles().ToList();
        Assert.NotEmpty(files);
        var replayer = ClipReplayTests.Replayer();
        var failures = new List<string>();
        foreach (var file in files)
        {
            var history = WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false, TestContext.Current.CancellationToken);
            if (result.ReplayFailure is { } failure)
                failures.Add($"{Path.GetFileName(file)}: {failure.Message}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_history_in_the_corpus_carries_the_live_workers_flags()
    {
        var lacking = new List<string>();
        foreach (var file in CorpusFiles())
        {
            var history = WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            if (LiveWorkerFlags.Missing(history) is { Count: > 0 } missing)
                lacking.Add($"{Path.GetFileName(file)} lacks {string.Join(", ", missing)} on its first WorkflowTaskCompleted");
        }
        Assert.Empty(lacking);
    }

    [Fact]
    public void Corpus_covers_every_path()
    {
        var names = CorpusFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.All(ClipHistories.All(), path => Assert.Contains(path.Name, names));
    }

    /// <summary>Regenerates the built part of the corpus: run with
    /// CLIP_WRITE_HISTORIES=&lt;repository&gt;/tests/histories after a deliberate workflow change
    /// (behind Workflow.Patched), keeping the old files that must still replay.</summary>
    [Fact]
    public async Task Write_corpus()
    {
        var target = Environment.GetEnvironmentVariable("CLIP_WRITE_HISTORIES");
        if (string.IsNullOrEmpty(target))
            Assert.Skip("Writes tests/histories only when CLIP_WRITE_HISTORIES names that directory.");
        Directory.CreateDirectory(target);
        foreach (var (name, history) in ClipHistories.All())
            await File.WriteAllTextAsync(Path.Combine(target, name + ".json"), Pretty(history.ToJson()), TestContext.Current.CancellationToken);
        // One history in the Temporal UI's older export spelling (enum names without prefixes),
        // which WorkflowHistory.FromJson must read too.
        await File.WriteAllTextAsync(Path.Combine(target, "ui-export-one-asset-completed.json"),
            Pretty(UiExportSpelling.From(ClipHistories.OneAsset().ToJson())), TestContext.Current.CancellationToken);
        Assert.Equal(ClipHistories.All().Count() + 1, Directory.EnumerateFiles(target, "*.json").Count(f => !Path.GetFileName(f).StartsWith("server-", StringComparison.Ordinal)));
    }

    private static string Pretty(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
}
