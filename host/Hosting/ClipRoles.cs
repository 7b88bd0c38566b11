namespace Geopera.Clip.Host.Hosting;

/// <summary>Which parts a process runs (<c>Roles</c> section), so API, workers and warp workers
/// scale apart: <c>host serve --roles api,worker,warp</c>.</summary>
public sealed record ClipRoles(bool Api, bool Worker, bool WarpWorker)
{
    public static ClipRoles From(IConfiguration configuration) => new(
        configuration.GetValue("Roles:Api", true),
        configuration.GetValue("Roles:Worker", true),
        configuration.GetValue("Roles:WarpWorker", true));

    /// <summary>Configuration overrides for a <c>--roles</c> list; null with a message when a name is unknown.</summary>
    public static (Dictionary<string, string?>? Overrides, string? Problem) Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).ToHashSet();
        var unknown = names.Except(["api", "worker", "warp"]).ToList();
        if (unknown.Count > 0 || names.Count == 0)
            return (null, $"Unknown role(s) '{string.Join(", ", unknown)}'; use a comma-separated list of api, worker, warp.");
        return (new Dictionary<string, string?>
        {
            ["Roles:Api"] = names.Contains("api").ToString(),
            ["Roles:Worker"] = names.Contains("worker").ToString(),
            ["Roles:WarpWorker"] = names.Contains("warp").ToString(),
        }, null);
    }
}
