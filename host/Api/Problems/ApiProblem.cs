namespace Geopera.Clip.Host.Api.Problems;

/// <summary>
/// One RFC 9457 problem the API answers with. <see cref="Code"/> is stable: it forms the
/// problem <c>type</c> URI that clients switch on, so renaming one breaks them.
/// </summary>
public sealed record ApiProblem(
    string Code,
    int Status,
    string Title,
    string Detail,
    IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public const string TypeBase = "https://api.geopera.com/problems/";

    public string Type => TypeBase + Code;

    /// <summary>Seconds the client should wait before retrying (429, 503); sent as Retry-After.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Extra response headers (e.g. <c>WWW-Authenticate</c>, <c>Allow</c>).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>Carries an <see cref="ApiProblem"/> out of validation code to the op pipeline, which
/// answers with it. Only for caller-facing outcomes; faults stay ordinary exceptions (→ 500).</summary>
public sealed class ApiProblemException(ApiProblem problem) : Exception(problem.Detail)
{
    public ApiProblem Problem { get; } = problem;
}

/// <summary>One invalid field of a request body, reported in the problem's <c>errors</c> member.</summary>
public sealed record FieldError(string Field, string Message);
