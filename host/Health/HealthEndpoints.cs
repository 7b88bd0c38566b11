using System.Text.Json;

namespace Geopera.Clip.Host.Health;

/// <summary><c>/healthz</c>: the process lives (no dependency asked). <c>/readyz</c>: this role can
/// serve; 200 or 503 with the report, never cached.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapClipHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { status = "alive" });
        }).ExcludeFromDescription();
        app.MapGet("/readyz", async (HttpContext http, ReadinessProbe probe) =>
        {
            var report = await probe.CheckAsync(http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(report, JsonOptions, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        return app;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
