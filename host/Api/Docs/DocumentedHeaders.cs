using System.Text.Json.Nodes;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Operations;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Geopera.Clip.Host.Api.Docs;

/// <summary>The response headers an operation sends with a status, as the OpenAPI document
/// declares them. Each rule names the code that sends the header.</summary>
public static class DocumentedHeaders
{
    public static IEnumerable<(string Name, OpenApiHeader Header)> For(OperationDescriptor op, int status)
    {
        // ApiProblemResult: ProblemCatalog.Unauthenticated.
        if (status == StatusCodes.Status401Unauthorized)
            yield return Required(HeaderNames.WWWAuthenticate, "The authentication scheme: `Bearer realm=\"geopera\"`.", Text(pattern: "^Bearer "));
        // ApiProblemResult: every 429 and 503 problem carries RetryAfterSeconds.
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            yield return Required(HeaderNames.RetryAfter, "Seconds to wait before retrying.", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" });
        // ProblemCatalog.RangeNotSatisfiable.
        if (status == StatusCodes.Status416RangeNotSatisfiable)
            yield return Required(HeaderNames.ContentRange, "`bytes */size`: the file's size.", Text(pattern: "^bytes \\*/[0-9]+$"));
        // ObjectDownloadResult.
        if (op.ResponseContentType != "application/json" && status is StatusCodes.Status200OK or StatusCodes.Status206PartialContent)
        {
            yield return Required(HeaderNames.ContentDisposition, "`attachment` with the output's file name.", Text(pattern: "^attachment; filename="));
            yield return Required(HeaderNames.AcceptRanges, "Byte ranges are honoured.", Text(values: ["bytes"]));
            yield return Required(HeaderNames.CacheControl, "Outputs are private to your organization.", Text(values: ["private, no-store"]));
            if (status == StatusCodes.Status206PartialContent)
                yield return Required(HeaderNames.ContentRange, "`bytes first-last/size` of the part sent.", Text(pattern: "^bytes [0-9]+-[0-9]+/[0-9]+$"));
        }
        // IdempotentAdmission: a stored answer replayed under the same key and body.
        if (op.RequiresIdempotencyKey && IdempotentAdmission.MayReplay(status) && op.Answers.Any(a => a.Status == status))
            yield return (IdempotentAdmission.ReplayedHeader, new OpenApiHeader
            {
                Description = "Sent (as `true`) when this is the stored answer to an earlier request with the same Idempotency-Key and body.",
                Schema = Text(values: ["true"]),
            });
    }

    /// <summary>ProblemCatalog.MethodNotAllowed: the verbs an operation path takes.</summary>
    public static IEnumerable<(string Name, OpenApiHeader Header)> Allow()
    {
        yield return Required(HeaderNames.Allow, "The only verb: POST.", Text(values: ["POST"]));
    }

    private static (string, OpenApiHeader) Required(string name, string description, OpenApiSchema schema) =>
        (name, new OpenApiHeader { Required = true, Description = description, Schema = schema });

    private static OpenApiSchema Text(string? pattern = null, string[]? values = null) => new()
    {
        Type = JsonSchemaType.String,
        Pattern = pattern,
        Enum = values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };
}
