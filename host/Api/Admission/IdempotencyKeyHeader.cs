using Geopera.Clip.Host.Api.Problems;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>The <c>Idempotency-Key</c> request header: required on external_spend operations,
/// 1-255 characters of A-Z a-z 0-9 . _ : - (UUIDs qualify).</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    public static string Read(HttpRequest request)
    {
        var values = request.Headers[Name];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
            throw new ApiProblemException(ProblemCatalog.IdempotencyKeyMissing());
        if (values.Count > 1 || !IsValid(values[0]!))
            throw new ApiProblemException(ProblemCatalog.IdempotencyKeyInvalid());
        return values[0]!;
    }

    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
}
