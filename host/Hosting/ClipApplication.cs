using Geopera.Clip.Host.Api.Docs;
using Geopera.Clip.Host.Api.Pipeline;
using Geopera.Clip.Host.Health;
using Geopera.Clip.Host.Telemetry;

namespace Geopera.Clip.Host.Hosting;

/// <summary>
/// Builds the service as <c>host serve</c> runs it (and <c>host dev</c>, the benchmark and the
/// API tests). Configuration comes from appsettings.json, environment variables, the command line,
/// then <c>overrides</c> (highest precedence).
/// </summary>
public static class ClipApplication
{
    /// <summary>The whole application, ready to <c>RunAsync</c>.</summary>
    public static WebApplication Create(string[] args, IReadOnlyDictionary<string, string?>? overrides = null) =>
        Build(CreateBuilder(args, overrides));

    /// <summary>The configured builder, for callers that replace a service before building (tests).</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Services.AddClipServices(builder.Configuration);
        builder.Services.AddClipTelemetry(builder.Configuration);
        builder.ListenForMetrics();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        var roles = ClipRoles.From(app.Configuration);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapClipHealth();
        app.MapClipMetrics(roles);
        if (roles.Api)
        {
            app.MapClipOperations();
            app.MapOpenApi();
            app.MapDocsPage();
        }
        return app;
    }
}
