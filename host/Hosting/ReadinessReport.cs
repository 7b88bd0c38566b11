using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Geopera.Clip.Host.Hosting;

/// <summary>/readyz's body: the overall status and each dependency by name with what is wrong,
/// so an operator sees why the service is not ready without reading its logs.</summary>
public static class ReadinessReport
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body), http.RequestAborted);
    }
}
