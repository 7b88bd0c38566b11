using Xunit;

namespace Geopera.Clip.Tests.Api.Contract;

/// <summary>The conformance check finds each kind of drift between an answer and a document, so a
/// green API suite means the answers conform rather than that nothing was looked at.</summary>
public sealed class ConformanceCheckTests
{
    private const string Document = """
    {
      "openapi": "3.1.1",
      "paths": {
        "/v1/op/thing.get": { "post": {
          "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Req" } } } },
          "responses": {
            "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
            "429": { "description": "slow down",
              "headers": { "Retry-After": { "required": true, "schema": { "type": "integer", "minimum": 1 } } },
              "content": { "application/problem+json": { "schema": { "type": "object", "required": ["type"] } } } },
            "400": { "description": "bad", "content": { "application/problem+json": { "schema": { "type": "object" } } } }
          } } },
        "/v1/op/{operation_id}": { "get": { "responses": { "405": { "description": "POST only" } } } }
      },
      "components": { "schemas": {
        "Req": { "type": "object", "additionalProperties": false, "required": ["id"],
                 "properties": { "id": { "type": "string", "pattern": "^[a-z]+$" } } },
        "Thing": { "type": "object", "additionalProperties": false, "required": ["id"],
                   "properties": { "id": { "type": "string" }, "note": { "type": "string" } } }
      } }
    }
    """;

    private static readonly OpenApiContract Contract = new(Document);

    private static Exchange Ok(string body = """{"id":"a"}""", string request = """{"id":"a"}""") =>
        new("POST", "/v1/op/thing.get", "application/json", request, 200, new Dictionary<string, string>(), "application/json", body);

    private static IReadOnlyList<string> Check(Exchange x) => ConformanceCheck.Check(Contract, x);

    [Fact]
    public void A_conforming_answer_passes() => Assert.Empty(Check(Ok()));

    [Fact]
    public void A_missing_required_member_or_an_undeclared_one_is_found()
    {
        Assert.Contains(Check(Ok(body: """{"note":"x"}""")), v => v.Contains("does not conform", StringComparison.Ordinal));
        Assert.Contains(Check(Ok(body: """{"id":"a","extra":1}""")), v => v.Contains("does not conform", StringComparison.Ordinal));
    }

    [Fact]
    public void An_undocumented_status_media_type_or_operation_is_found()
    {
        Assert.Equal(["206 is not documented"], Check(Ok() with { Status = 206 }));
        Assert.Contains(Check(Ok() with { MediaType = "text/plain" }), v => v.Contains("media type text/plain", StringComparison.Ordinal));
        Assert.Contains(Check(Ok() with { Path = "/v2/other" }), v => v.Contains("no such operation", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_verb_is_matched_on_the_templated_path_after_the_concrete_one()
    {
        Assert.Empty(Check(new Exchange("GET", "/v1/op/thing.get", null, null, 405, new Dictionary<string, string>(), null, null)));
        Assert.Contains(Check(new Exchange("PUT", "/v1/op/thing.get", null, null, 405, new Dictionary<string, string>(), null, null)),
            v => v.Contains("no such operation", StringComparison.Ordinal));
    }

    [Fact]
    public void Headers_must_be_declared_present_when_required_and_of_their_schema()
    {
        var throttled = Ok(body: """{"type":"t"}""") with { Status = 429, MediaType = "application/problem+json" };
        Assert.Contains(Check(throttled), v => v.Contains("required header Retry-After is missing", StringComparison.Ordinal));
        Assert.Empty(Check(throttled with { Headers = new Dictionary<string, string> { ["Retry-After"] = "3" } }));
        Assert.Contains(Check(throttled with { Headers = new Dictionary<string, string> { ["Retry-After"] = "soon" } }),
            v => v.Contains("header Retry-After does not conform", StringComparison.Ordinal));
        Assert.Contains(Check(Ok() with { Headers = new Dictionary<string, string> { ["X-Secret"] = "1" } }),
            v => v.Contains("header X-Secret is sent but not declared", StringComparison.Ordinal));
        Assert.Empty(Check(Ok() with { Headers = new Dictionary<string, string> { ["Date"] = "Tue, 01 Dec 2026 00:00:00 GMT" } }));
    }

    [Fact]
    public void A_request_schema_looser_or_stricter_than_the_server_is_found()
    {
        const string refused = """{"type":"https://api.geopera.com/problems/invalid-request"}""";
        var invalid = Ok(body: refused) with { Status = 400, MediaType = "application/problem+json" };
        // The server refused a body the schema accepts: the schema is looser than the server.
        Assert.Contains(Check(invalid), v => v.Contains("the schema accepts a request body the server refused", StringComparison.Ordinal));
        // Refused, and the schema refuses it too: as it should be.
        Assert.Empty(Check(invalid with { RequestBody = """{"id":"A1"}""" }));
        // Duplicate members are beyond any schema (a parser keeps one): not held against it.
        Assert.Empty(Check(invalid with { RequestBody = """{"id":"a","id":"b"}""" }));
        // The server accepted a body the schema refuses: the schema is stricter than the server.
        Assert.Contains(Check(Ok(request: """{"id":"a","more":true}""")), v => v.Contains("the server accepted a request body the schema refuses", StringComparison.Ordinal));
    }
}
