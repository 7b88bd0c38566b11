namespace Geopera.Clip.Host.Health;

/// <summary>
/// One dependency this role needs before it can serve, asked by <c>/readyz</c>. Register it with
/// <see cref="ReadinessServiceCollectionExtensions.AddReadinessCheck{T}"/> only for the roles that
/// need it, so a role never waits for what it does not use. The probe bounds every check by its
/// own timeout and turns an exception into a failing answer, so a check may simply throw or hang;
/// it should still honour the token and say what to do when it fails.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>Short, stable name shown in the answer and usable in <c>Readiness:Timeouts:NAME</c>
    /// (e.g. <c>database</c>, <c>temporal</c>).</summary>
    string Name { get; }

    Task<ReadinessResult> CheckAsync(CancellationToken ct);
}
