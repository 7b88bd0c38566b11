namespace Geopera.Clip.Host.Health;

/// <summary>What one check found: whether the dependency serves, what was seen, and when it does
/// not, what an operator should do about it.</summary>
public sealed record ReadinessResult(bool Ready, string? Detail, string? Action)
{
    public static ReadinessResult Pass(string? detail = null) => new(true, detail, null);

    public static ReadinessResult Fail(string detail, string action) => new(false, detail, action);
}
