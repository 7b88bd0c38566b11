namespace Geopera.Clip.Host.Api.Operations;

/// <summary>What calling an operation does, as the public contract's table names it.</summary>
public enum SideEffect
{
    /// <summary>Reads only; safe to repeat.</summary>
    Read,

    /// <summary>Can spend credits: needs an Idempotency-Key.</summary>
    ExternalSpend,

    /// <summary>Deletes what it names.</summary>
    Destructive,
}

public static class SideEffectNames
{
    /// <summary>The name the contract, the OpenAPI document and docs/api.md use.</summary>
    public static string WireName(this SideEffect effect) => effect switch
    {
        SideEffect.Read => "read",
        SideEffect.ExternalSpend => "external_spend",
        SideEffect.Destructive => "destructive",
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, null),
    };
}
