namespace Geopera.Clip.Host.Api.Operations;

/// <summary>One status an operation answers with and when. The OpenAPI responses and the table
/// in docs/api.md come from these lists, so an operation's statuses are stated once.</summary>
public sealed record OperationAnswer(int Status, string Meaning);

/// <summary>What every operation can answer before (or besides) its own handler: the checks of
/// the op pipeline (key, scope, media type, size, JSON), an unexpected fault and a database outage.</summary>
public static class CommonAnswers
{
    public static readonly IReadOnlyList<OperationAnswer> All =
    [
        new(400, "The body is not one JSON object of the documented fields (`malformed-json`; `invalid-request` with `errors` naming every invalid field)."),
        new(401, "No API key, or an unknown or revoked one (`unauthenticated`, with `WWW-Authenticate`)."),
        new(403, "The key lacks the operation's scope (`insufficient-scope`, with `required_scope`)."),
        new(413, "The body is larger than `Api:MaxBodyBytes` (`body-too-large`, with `limit`)."),
        new(415, "The body is not sent as `application/json` (`unsupported-media-type`)."),
        new(500, "An unexpected fault (`internal-error`); quote the `trace_id` to support."),
        new(503, "The database is down or did not answer within `DataPlatform:DatabaseTimeoutSeconds` (`service-unavailable`, with `Retry-After`); nothing was changed."),
    ];

    /// <summary>An operation's own answers merged with the common ones: one entry per status, in
    /// status order, the meanings of a shared status joined.</summary>
    public static IReadOnlyList<OperationAnswer> Merge(IReadOnlyList<OperationAnswer> own) =>
        All.Concat(own).GroupBy(a => a.Status).OrderBy(g => g.Key)
            .Select(g => new OperationAnswer(g.Key, string.Join(" ", g.Select(a => a.Meaning))))
            .ToList();
}
