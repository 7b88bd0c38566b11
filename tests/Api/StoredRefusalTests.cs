using System.Text.Json;
using System.Text.Json.Nodes;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Problems;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Which refusals an Idempotency-Key keeps, and that a kept refusal comes back as it was
/// answered minus what belongs to one response (instance, trace id).</summary>
public sealed class StoredRefusalTests
{
    [Theory]
    [InlineData(399, false)]
    [InlineData(400, true)]
    [InlineData(402, true)]
    [InlineData(421, true)]
    [InlineData(422, false)]
    [InlineData(423, true)]
    [InlineData(499, true)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public void Only_caller_refusals_other_than_the_key_conflict_are_kept(int status, bool kept) =>
        Assert.Equal(kept, StoredRefusal.IsKeptStatus(status));

    [Fact]
    public void The_key_conflict_is_never_kept_and_other_refusals_are()
    {
        Assert.False(StoredRefusal.IsKept(ProblemCatalog.IdempotencyKeyReused()));
        // Same code, a status a key keeps: the code alone decides.
        Assert.False(StoredRefusal.IsKept(ProblemCatalog.IdempotencyKeyReused() with { Status = 409 }));
        Assert.True(StoredRefusal.IsKept(new ApiProblem("insufficient-credits", 402, "Insufficient credits", "Needs 10.")));
        Assert.False(StoredRefusal.IsKept(new ApiProblem("unavailable", 503, "Unavailable", "Retry.")));
    }

    [Fact]
    public void A_kept_refusal_comes_back_with_its_code_status_texts_and_extensions()
    {
        var answered = new ApiProblem("too-many-assets", 400, "Too many assets", "The item has 65 assets; the limit is 64.",
            new Dictionary<string, object?> { ["assets"] = 65, ["limit"] = 64, ["names"] = new[] { "a", "b" } });

        var json = StoredRefusal.ToJson(answered);
        var back = StoredRefusal.FromJson(json);

        Assert.Equal(("too-many-assets", 400, "Too many assets", "The item has 65 assets; the limit is 64."),
            (back.Code, back.Status, back.Title, back.Detail));
        Assert.Equal(answered.Type, back.Type);
        var extensions = back.Extensions!;
        Assert.Equal(["assets", "limit", "names"], extensions.Keys.Order());
        Assert.Equal("65", Assert.IsAssignableFrom<JsonNode>(extensions["assets"]).ToJsonString());
        Assert.Equal("64", Assert.IsAssignableFrom<JsonNode>(extensions["limit"]).ToJsonString());
        Assert.Equal("""["a","b"]""", Assert.IsAssignableFrom<JsonNode>(extensions["names"]).ToJsonString());
    }

    [Fact]
    public void What_belongs_to_one_response_is_not_kept()
    {
        var json = StoredRefusal.ToJson(new ApiProblem("forbidden", 403, "Forbidden", "Not yours.",
            new Dictionary<string, object?> { ["instance"] = "/v1/op/x", ["trace_id"] = "abc", ["organization_id"] = "org-1" }));

        var stored = JsonDocument.Parse(json).RootElement;
        Assert.Equal(ApiProblem.TypeBase + "forbidden", stored.GetProperty("type").GetString());
        Assert.Equal(403, stored.GetProperty("status").GetInt32());

        var back = StoredRefusal.FromJson(json);
        Assert.Equal(["organization_id"], back.Extensions!.Keys);
    }

    [Fact]
    public void A_refusal_without_extensions_comes_back_without_any()
    {
        var back = StoredRefusal.FromJson(StoredRefusal.ToJson(new ApiProblem("not-found", 404, "Not found", "No such job.")));
        Assert.Null(back.Extensions);
        Assert.Equal("not-found", back.Code);
    }

    [Fact]
    public void A_type_outside_the_problem_base_is_kept_whole()
    {
        var back = StoredRefusal.FromJson("""{"type":"about:blank","title":"Bad","status":400,"detail":"d"}""");
        Assert.Equal("about:blank", back.Code);
    }
}
