using Geopera.Clip.Host.Api;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Database;
using Geopera.Clip.Host.Api.Docs;
using Geopera.Clip.Host.Api.Egress;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.Pipeline;
using Geopera.Clip.Host.Api.Problems;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Geopera.Clip.Host.Hosting;

/// <summary>Registers the op API: options, pipeline, operations, egress guards, OpenAPI.</summary>
public static class ApiServices
{
    public static IServiceCollection AddClipApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection("Api"));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
            o.SerializerOptions.DictionaryKeyPolicy = ApiJson.Options.DictionaryKeyPolicy;
            o.SerializerOptions.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
            o.SerializerOptions.NumberHandling = ApiJson.Options.NumberHandling;
        });
        // Errors outside the op pipeline (unmatched routes, faults in middleware) get problem types
        // from the same catalogue namespace.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Type = ApiProblem.TypeBase + status switch
            {
                404 => "not-found",
                405 => "method-not-allowed",
                500 => "internal-error",
                _ => $"http-{status}",
            };
            context.ProblemDetails.Extensions["trace_id"] = ApiProblemResult.TraceId(context.HttpContext);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<DatabaseOutage>();
        services.AddScoped<OpPipeline>();
        services.AddScoped<JobLookup>();
        services.AddScoped<IdempotentAdmission>();
        services.AddSingleton<EgressLimiter>();
        services.AddSingleton<GuardedStorage>();
        OperationCatalog.AddHandlers(services);
        services.AddClipOpenApi();
        return services;
    }
}
