using Geopera.Clip.Host.Api.Operations;
using Xunit;

namespace Geopera.Clip.Tests.Api.Contract;

/// <summary>docs/api.md's table of operations says what the descriptors say: side effect, scope and
/// every status, so the prose cannot drift from the code the OpenAPI document is generated from.</summary>
public sealed class DocumentedFactsTests
{
    [Fact]
    public void The_operations_table_of_docs_api_md_matches_every_descriptor()
    {
        var rows = OperationsTable();
        Assert.Equal(OperationCatalog.Descriptors.Select(d => d.Id).Order(), rows.Keys.Order());
        foreach (var op in OperationCatalog.Descriptors)
        {
            var (sideEffect, scope, statuses) = rows[op.Id];
            Assert.True(sideEffect == op.SideEffect.WireName(), $"{op.Id}: docs say side effect {sideEffect}, the descriptor {op.SideEffect.WireName()}");
            Assert.True(scope == op.Scope, $"{op.Id}: docs say scope {scope}, the descriptor {op.Scope}");
            var answers = string.Join(", ", op.AllAnswers.Select(a => a.Status));
            Assert.True(statuses == answers, $"{op.Id}: docs say {statuses}, the descriptor answers {answers}");
        }
    }

    [Fact]
    public void Every_operation_answers_the_common_statuses_with_one_meaning_each()
    {
        foreach (var op in OperationCatalog.Descriptors)
        {
            var statuses = op.AllAnswers.Select(a => a.Status).ToList();
            Assert.Equal(statuses.Distinct().Order(), statuses);
            Assert.Superset(CommonAnswers.All.Select(a => a.Status).ToHashSet(), statuses.ToHashSet());
            Assert.Contains(200, statuses);
        }
    }

    private static Dictionary<string, (string SideEffect, string Scope, string Statuses)> OperationsTable()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "api.md")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "docs", "api.md"));
        var header = Array.FindIndex(lines, l => l.StartsWith("| operation | side effect | scope | answers |", StringComparison.Ordinal));
        Assert.True(header >= 0, "docs/api.md has no operations table");
        return lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1])
            .ToDictionary(c => c[0].Trim('`'), c => (c[1], c[2].Trim('`'), c[3]));
    }
}
