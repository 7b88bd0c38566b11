using System.Text;
using Geopera.Clip.Host.Api.Pipeline;
using Geopera.Clip.Host.Api.Problems;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>How an op's body is read: the size limit at its edge (declared and streamed), the media
/// type, and what a caller is told about a body that is not one JSON object.</summary>
public sealed class RequestBodyTests
{
    private const long Limit = 64;

    private static HttpRequest Request(byte[] body, bool declareLength = true, string? contentType = "application/json")
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = declareLength ? body.Length : null;
        http.Request.ContentType = contentType;
        return http.Request;
    }

    private static byte[] JsonOfLength(int length) => Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', length - 8) + "\"}");

    private static async Task<ApiProblem> RefusedAsync(HttpRequest request) =>
        (await Assert.ThrowsAsync<ApiProblemException>(() => RequestBody.ReadAsync(request, Limit, TestContext.Current.CancellationToken))).Problem;

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // chunked: no Content-Length, the limit is counted while reading
    public async Task A_body_of_exactly_the_limit_is_read_and_one_byte_more_is_413(bool declareLength)
    {
        using var atLimit = await RequestBody.ReadAsync(Request(JsonOfLength((int)Limit), declareLength), Limit, TestContext.Current.CancellationToken);
        Assert.Equal(Limit - 8, atLimit.RootElement.GetProperty("a").GetString()!.Length);

        var over = await RefusedAsync(Request(JsonOfLength((int)Limit + 1), declareLength));
        Assert.Equal(("body-too-large", 413), (over.Code, over.Status));
        Assert.Equal($"Request bodies are limited to {Limit} bytes; simplify the AOI geometry.", over.Detail);
        Assert.Equal(Limit, over.Extensions!["limit"]);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_a_byte_is_read()
    {
        var request = Request(JsonOfLength(10));
        request.ContentLength = Limit + 1;
        Assert.Equal("body-too-large", (await RefusedAsync(request)).Code);
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task A_body_larger_than_one_read_chunk_is_read_whole()
    {
        var big = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 40_000) + "\"}");
        using var document = await RequestBody.ReadAsync(Request(big, declareLength: false), 100_000, TestContext.Current.CancellationToken);
        Assert.Equal(40_000, document.RootElement.GetProperty("a").GetString()!.Length);
    }

    [Theory]
    [InlineData("", "The body is empty. Send a single JSON object.")]
    [InlineData("{\"a\":", "Invalid JSON at line 1, byte 6. Send a single JSON object.")]
    [InlineData("{\n  \"a\": tru }", "Invalid JSON at line 2, byte 11. Send a single JSON object.")]
    [InlineData("{} // trailing", "Invalid JSON at line 1, byte 4. Send a single JSON object.")]
    public async Task A_body_that_is_not_json_says_where_it_breaks(string body, string detail)
    {
        var problem = await RefusedAsync(Request(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(("malformed-json", 400, "The request body is not valid JSON"), (problem.Code, problem.Status, problem.Title));
        Assert.Equal(detail, problem.Detail);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_malformed()
    {
        var problem = await RefusedAsync(Request([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']));
        Assert.Equal("The body is not valid UTF-8. Send a single JSON object.", problem.Detail);
    }

    [Fact]
    public async Task Nesting_is_read_to_its_depth_limit_and_refused_past_it()
    {
        static byte[] Nested(int depth) => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
        using var deepest = await RequestBody.ReadAsync(Request(Nested(RequestBody.MaxDepth)), 10_000, TestContext.Current.CancellationToken);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, deepest.RootElement.ValueKind);
        var problem = (await Assert.ThrowsAsync<ApiProblemException>(() =>
            RequestBody.ReadAsync(Request(Nested(RequestBody.MaxDepth + 1)), 10_000, TestContext.Current.CancellationToken))).Problem;
        Assert.Equal("malformed-json", problem.Code);
    }

    [Fact]
    public async Task A_string_holding_half_a_surrogate_pair_names_its_field()
    {
        var problem = await RefusedAsync(Request(Encoding.UTF8.GetBytes("{\"aoi_name\":\"\\ud800\"}")));
        Assert.Equal("invalid-request", problem.Code);
        Assert.StartsWith("Field 'aoi_name': holds a lone UTF-16 surrogate escape", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("Application/JSON", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("application/json; charset=UTF-8", true)]
    [InlineData("application/json; charset=iso-8859-1", false)]
    [InlineData("application/problem+json", false)]
    [InlineData("text/plain", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_json_in_utf8_is_accepted(string? contentType, bool accepted) =>
        Assert.Equal(accepted, RequestBody.IsJson(Request([], contentType: contentType)));
}
