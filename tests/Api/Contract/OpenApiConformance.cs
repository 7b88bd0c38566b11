using System.Text;

namespace Geopera.Clip.Tests.Api.Contract;

/// <summary>
/// Sits in the API test host's HttpClient, so every answer an API test receives from an operation
/// (<c>/v1/op/…</c>) is checked against the document the same service serves at
/// <c>/openapi/v1.json</c> (fetched once, on first use) before the test sees it. A nonconforming
/// answer fails the test that received it with <see cref="OpenApiConformanceException"/>.
/// </summary>
public sealed class OpenApiConformance(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string DocumentPath = "/openapi/v1.json";
    private const string OperationPrefix = "/v1/op/";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenApiContract? _contract;
    private int _validated;
    private int _nonconforming;

    /// <summary>Answers checked so far, and how many of them did not conform.</summary>
    public (int Validated, int Nonconforming) Tally => (Volatile.Read(ref _validated), Volatile.Read(ref _nonconforming));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri is { } uri ? (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString) : "";
        if (!path.StartsWith(OperationPrefix, StringComparison.Ordinal))
            return await base.SendAsync(request, cancellationToken);

        var requestBody = await RequestTextAsync(request.Content, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var contract = await ContractAsync(request.RequestUri!, cancellationToken);
        var exchange = await ExchangeAsync(request, path, requestBody, response, cancellationToken);
        var violations = ConformanceCheck.Check(contract, exchange);
        Interlocked.Increment(ref _validated);
        if (violations.Count == 0)
            return response;
        Interlocked.Increment(ref _nonconforming);
        response.Dispose();
        throw new OpenApiConformanceException($"{request.Method} {path} answered {exchange.Status} ({exchange.MediaType}) against {DocumentPath}:\n  "
            + string.Join("\n  ", violations));
    }

    private static async Task<Exchange> ExchangeAsync(
        HttpRequestMessage request, string path, string? requestBody, HttpResponseMessage response, CancellationToken ct)
    {
        // As sent: the parsed collections re-serialize some values (Cache-Control reorders its directives).
        var headers = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        string? body = null;
        if (mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)))
        {
            await response.Content.LoadIntoBufferAsync(ct);
            body = await response.Content.ReadAsStringAsync(ct);
        }
        return new Exchange(request.Method.Method, path, request.Content?.Headers.ContentType?.MediaType, requestBody,
            (int)response.StatusCode, headers, mediaType, body);
    }

    /// <summary>The request body as text when it is UTF-8 without a byte order mark — the only
    /// encoding the API reads as JSON; other bytes are not a JSON instance a schema describes.</summary>
    private static async Task<string?> RequestTextAsync(HttpContent? content, CancellationToken ct)
    {
        if (content is null)
            return null;
        await content.LoadIntoBufferAsync(ct);
        var bytes = await content.ReadAsByteArrayAsync(ct);
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
            return null;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private async Task<OpenApiContract> ContractAsync(Uri requestUri, CancellationToken ct)
    {
        if (_contract is { } ready)
            return ready;
        await _gate.WaitAsync(ct);
        try
        {
            if (_contract is null)
            {
                var baseUri = requestUri.IsAbsoluteUri ? new Uri(requestUri.GetLeftPart(UriPartial.Authority)) : throw new InvalidOperationException("relative request URI");
                using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, DocumentPath));
                using var answer = await base.SendAsync(get, ct);
                answer.EnsureSuccessStatusCode();
                _contract = new OpenApiContract(await answer.Content.ReadAsStringAsync(ct));
            }
            return _contract;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>An answer that the served OpenAPI document does not describe.</summary>
public sealed class OpenApiConformanceException(string message) : Exception(message);
