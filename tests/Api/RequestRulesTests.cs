using System.Text.Json;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.Pipeline;
using Geopera.Clip.Host.Hosting;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>The pure rules behind the pipeline: keys, fingerprints, names, rejections, roles.</summary>
public sealed class RequestRulesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Fingerprint_ignores_whitespace_member_order_and_number_spelling()
    {
        var a = RequestFingerprint.Compute("clip.create_from_item", Json("""{"a":1,"b":[1.50,2],"c":{"y":true,"x":null}}"""));
        var b = RequestFingerprint.Compute("clip.create_from_item", Json("""{ "c":{"x":null,"y":true}, "b":[1.5, 2.0], "a":1 }"""));
        Assert.Equal(a, b);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public void Fingerprint_differs_by_value_array_order_and_operation()
    {
        var body = Json("""{"a":[1,2]}""");
        var baseline = RequestFingerprint.Compute("clip.create_from_item", body);
        Assert.NotEqual(baseline, RequestFingerprint.Compute("clip.create_from_area", body));
        Assert.NotEqual(baseline, RequestFingerprint.Compute("clip.create_from_item", Json("""{"a":[2,1]}""")));
        Assert.NotEqual(baseline, RequestFingerprint.Compute("clip.create_from_item", Json("""{"a":[1,2],"b":null}""")));
        Assert.NotEqual(baseline, RequestFingerprint.Compute("clip.create_from_item", Json("""{"a":["1",2]}""")));
    }

    [Theory]
    [InlineData("Bearer gpra_abc123", "gpra_abc123")]
    [InlineData("bearer   gpra_A-b_9  ", "gpra_A-b_9")]
    public void Bearer_header_yields_the_key(string header, string key) => Assert.Equal(key, BearerToken.Parse(header).Key);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gpra_abc")]
    [InlineData("Basic gpra_abc")]
    [InlineData("Bearer abc")]
    [InlineData("Bearer gpra_")]
    [InlineData("Bearer gpra_abc def")]
    [InlineData("Bearer gpra_abc\u00e9")]
    public void Unusable_authorization_headers_say_why(string? header)
    {
        var (key, problem) = BearerToken.Parse(header);
        Assert.Null(key);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Bearer_keys_are_bounded() => Assert.Null(BearerToken.Parse("Bearer gpra_" + new string('a', 300)).Key);

    [Theory]
    [InlineData("4e1c8b2a-9f0d-4c3e-bf6a-0a1b2c3d4e5f", true)]
    [InlineData("order:2026.11_retry-1", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/inside", false)]
    [InlineData("ключ", false)]
    public void Idempotency_keys_are_short_and_plain(string key, bool valid) => Assert.Equal(valid, IdempotencyKeyHeader.IsValid(key));

    [Fact]
    public void Idempotency_keys_are_at_most_255_characters()
    {
        Assert.True(IdempotencyKeyHeader.IsValid(new string('k', 255)));
        Assert.False(IdempotencyKeyHeader.IsValid(new string('k', 256)));
    }

    [Theory]
    [InlineData("harbour_clip", null)]
    [InlineData("v1.2-final", null)]
    [InlineData("../etc/passwd", "may only")]
    [InlineData("..", "must not start")]
    [InlineData("a/b", "may only")]
    [InlineData("a\\b", "may only")]
    [InlineData(".hidden", "must not start")]
    [InlineData("a..b", "must not start")]
    [InlineData("名前", "may only")]
    public void Output_names_are_safe_file_names(string name, string? problemStart)
    {
        var problem = ClipRequestRules.OutputNameProblem(name);
        if (problemStart is null)
            Assert.Null(problem);
        else
            Assert.StartsWith(problemStart, problem);
    }

    [Fact]
    public void Output_names_are_at_most_100_characters()
    {
        Assert.Null(ClipRequestRules.OutputNameProblem(new string('n', 100)));
        Assert.NotNull(ClipRequestRules.OutputNameProblem(new string('n', 101)));
    }

    [Theory]
    [InlineData(ClipErrors.NoRasterAssets, 400, "no-raster-assets", "No raster assets to clip")]
    [InlineData(ClipErrors.NoStorageBucket, 400, "no-storage-bucket", "The project has no storage bucket")]
    [InlineData(ClipErrors.NotFound, 400, "unknown-reference", "A referenced item, area or project does not exist")]
    [InlineData(ClipErrors.InvalidRequest, 400, "invalid-request", "The request body is invalid")]
    [InlineData(ClipErrors.TooManyAssets, 400, "too-many-assets", null)]
    [InlineData(ClipErrors.InvalidRaster, 400, "invalid-raster", "An asset's raster cannot be clipped")]
    [InlineData(ClipErrors.AoiOutsideRaster, 400, "invalid-aoi", "The AOI geometry is invalid")]
    [InlineData(ClipErrors.InvalidAoi, 400, "invalid-aoi", "The AOI geometry is invalid")]
    [InlineData(ClipErrors.Forbidden, 403, "forbidden-resource", "Not owned by your organization")]
    [InlineData(ClipErrors.QuotaExceeded, 402, "quota-exceeded", "Compute quota exceeded")]
    [InlineData(ClipErrors.IdempotencyConflict, 422, "idempotency-key-reused", "Idempotency-Key reused with another request")]
    [InlineData("Cancelled", 409, "job-cancelled", "The job of this Idempotency-Key was cancelled")]
    [InlineData("Internal", 500, "admission-failed", "The job could not be admitted")]
    public void Admission_rejections_map_to_the_spec_statuses(string errorType, int status, string code, string? title)
    {
        var problem = RejectionProblems.For(new AdmissionRejection(errorType, "why"));
        Assert.Equal(status, problem.Status);
        Assert.Equal("https://api.geopera.com/problems/" + code, problem.Type);
        if (title is not null)
            Assert.Equal(title, problem.Title);
    }

    [Theory]
    [InlineData(ClipErrors.NoRasterAssets)]
    [InlineData(ClipErrors.NotFound)]
    [InlineData(ClipErrors.InvalidRequest)]
    [InlineData(ClipErrors.InvalidRaster)]
    [InlineData(ClipErrors.Forbidden)]
    public void A_refusal_the_caller_can_fix_says_what_the_activity_found(string errorType) =>
        Assert.Equal("Asset 'nir' of item s2-1 is not a raster.", RejectionProblems.For(new AdmissionRejection(errorType, "Asset 'nir' of item s2-1 is not a raster.")).Detail);

    [Fact]
    public void A_refusal_the_caller_did_not_cause_says_nothing_was_reserved_and_what_to_send()
    {
        var cancelled = RejectionProblems.For(new AdmissionRejection("Cancelled", "Job cancelled."));
        Assert.Equal("The job was cancelled before it was admitted; nothing was reserved. Send the request again with a new Idempotency-Key.", cancelled.Detail);

        var stopped = RejectionProblems.For(new AdmissionRejection("Timeout", "activity timed out"));
        Assert.Equal("Admission stopped (Timeout) before it decided; nothing was reserved. Retry with a new Idempotency-Key.", stopped.Detail);
    }

    [Fact]
    public void An_aoi_refusal_names_which_rule_refused_it()
    {
        Assert.Equal(ClipErrors.AoiOutsideRaster, RejectionProblems.For(new AdmissionRejection(ClipErrors.AoiOutsideRaster, "outside")).Extensions!["code"]);
        Assert.Equal(ClipErrors.InvalidAoi, RejectionProblems.For(new AdmissionRejection(ClipErrors.InvalidAoi, "self-intersecting")).Extensions!["code"]);
    }

    [Fact]
    public void Too_many_assets_carries_the_count_and_the_cap()
    {
        var problem = RejectionProblems.For(new AdmissionRejection(ClipErrors.TooManyAssets, "65 > 64",
            new Dictionary<string, long> { ["assets"] = 65, ["limit"] = 64 }));
        Assert.Equal((65L, 64L), ((long)problem.Extensions!["assets"]!, (long)problem.Extensions["limit"]!));
        Assert.Equal("65 > 64", problem.Detail);
    }

    [Fact]
    public void Quota_rejection_carries_used_limit_and_requested()
    {
        var problem = RejectionProblems.For(new AdmissionRejection(ClipErrors.QuotaExceeded, "over",
            new Dictionary<string, long> { ["used"] = 90, ["limit"] = 100, ["requested"] = 20 }));
        Assert.Equal(90L, problem.Extensions!["used"]);
        Assert.Equal(100L, problem.Extensions["limit"]);
        Assert.Equal(20L, problem.Extensions["requested"]);
    }

    [Fact]
    public void Roles_parse_into_configuration_and_refuse_unknown_names()
    {
        var (overrides, problem) = ClipRoles.Parse("api, warp");
        Assert.Null(problem);
        Assert.Equal("True", overrides!["Roles:Api"]);
        Assert.Equal("False", overrides["Roles:Worker"]);
        Assert.Equal("True", overrides["Roles:WarpWorker"]);
        Assert.NotNull(ClipRoles.Parse("api,db").Problem);
        Assert.NotNull(ClipRoles.Parse(",").Problem);
    }
}
