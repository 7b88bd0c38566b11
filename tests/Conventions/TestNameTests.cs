using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace Geopera.Clip.Tests.Conventions;

/// <summary>The suite's one test naming: a sentence with underscores for spaces, starting with a
/// capital ("Reservation_is_refused_when_the_quota_is_spent"), so a failing test reads as the
/// behaviour it pins. The analyzers cannot hold this; this test does.</summary>
public sealed partial class TestNameTests
{
    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$")]
    private static partial Regex Sentence();

    [Fact]
    public void Every_test_is_named_as_an_underscore_sentence()
    {
        var misnamed = typeof(TestNameTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FactAttribute>(inherit: true) is not null)
            .Where(m => !Sentence().IsMatch(m.Name))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();
        Assert.True(misnamed.Count == 0, "Name these tests as underscore sentences: " + string.Join(", ", misnamed));
    }

    [Theory]
    [InlineData("Reservation_is_refused_when_the_quota_is_spent", true)]
    [InlineData("Cog_output_has_overviews", true)]
    [InlineData("ReservationIsRefused", false)]
    [InlineData("reservation_is_refused", false)]
    [InlineData("Reservation", false)]
    public void The_naming_rule_tells_sentences_from_other_names(string name, bool isSentence) =>
        Assert.Equal(isSentence, Sentence().IsMatch(name));
}
