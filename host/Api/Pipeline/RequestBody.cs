using System.Text.Json;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Host.Api.Problems;
using Microsoft.Net.Http.Headers;

namespace Geopera.Clip.Host.Api.Pipeline;

/// <summary>Reads and parses an op's JSON body within the size limit (Api:MaxBodyBytes).</summary>
public static class RequestBody
{
    /// <summary>How deep a body may nest; deeper is refused as malformed.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    public static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            throw new ApiProblemException(ProblemCatalog.BodyTooLarge(maxBytes));
        var buffer = new MemoryStream(capacity: (int)Math.Min(request.ContentLength ?? 4096, maxBytes));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw new ApiProblemException(ProblemCatalog.BodyTooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            throw new ApiProblemException(ProblemCatalog.MalformedJson("The body is empty."));
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
            throw new ApiProblemException(ProblemCatalog.MalformedJson("The body is not valid UTF-8."));
        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new ApiProblemException(ProblemCatalog.MalformedJson(Describe(e)));
        }
        if (UndecodableStrings.FindFirst(json.Span) is { } field)
        {
            document.Dispose();
            throw new ApiProblemException(ProblemCatalog.UndecodableString(field));
        }
        return document;
    }

    private static string Describe(JsonException e) =>
        e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? $"Invalid JSON at line {line + 1}, byte {column + 1}."
            : "Invalid JSON.";
}
