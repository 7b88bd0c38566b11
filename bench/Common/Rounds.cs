using System.Globalization;

namespace Geopera.Clip.Bench.Common;

/// <summary>One round of an interleaved pair: our figure and the reference's, measured back to back
/// so that load from other work on a shared machine shifts both alike.</summary>
internal sealed record Round(double Ours, double Reference)
{
    public double Ratio => Ours / Reference;
}

/// <summary>The rounds of one benchmark pair and their medians (the ratio's median is the median of
/// the per-round ratios, not the ratio of the medians).</summary>
internal sealed class Rounds(string label, string unit)
{
    private readonly List<Round> _rounds = [];

    public IReadOnlyList<Round> All => _rounds;

    public void Add(Round round, string? detail = null)
    {
        _rounds.Add(round);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label} round {_rounds.Count}: ours {round.Ours:F0} {unit}, reference {round.Reference:F0} {unit}, ratio {round.Ratio:F2}{(detail is null ? "" : "; " + detail)}"));
    }

    public double MedianOurs => Median(_rounds.Select(r => r.Ours));
    public double MedianReference => Median(_rounds.Select(r => r.Reference));
    public double MedianRatio => Median(_rounds.Select(r => r.Ratio));

    public string Summary(string ours, string reference) => string.Create(CultureInfo.InvariantCulture,
        $"{label}: {ours} median {MedianOurs:F0} {unit}, {reference} median {MedianReference:F0} {unit}; median ratio over {_rounds.Count} rounds {MedianRatio:F2}");

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
