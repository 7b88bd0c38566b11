using System.Diagnostics;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Host.Api.Database;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Host.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Geopera.Clip.Host.Api.Pipeline;

/// <summary>
/// Runs one operation call: authenticate the key, check the scope, check the media type, read
/// and parse the body within the limit, then hand over to the operation's handler. Caller
/// mistakes become problems; a database outage a 503 (logged once per outage); anything
/// unexpected a 500 problem logged with its trace id.
/// </summary>
public sealed partial class OpPipeline(
    ApiKeyCache keys, DatabaseOutage database, IOptions<ApiOptions> options, AdmissionMetrics admissions, ILogger<OpPipeline> log)
{
    public async Task RunAsync(HttpContext http, OperationDescriptor operation)
    {
        // The operation id labels the request's duration metric and span: bounded, unlike the path.
        http.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(OperationTag, operation.Id));
        Activity.Current?.SetTag(OperationTag, operation.Id);
        await AnswerAsync(http, operation);
        if (operation.RequiresIdempotencyKey && !http.RequestAborted.IsCancellationRequested)
            admissions.Answered(operation.Id, http.Response.StatusCode, ApiProblemResult.AnsweredCode(http));
    }

    public const string OperationTag = "clip.operation";

    private async Task AnswerAsync(HttpContext http, OperationDescriptor operation)
    {
        IResult result;
        try
        {
            await (await DispatchAsync(http, operation)).ExecuteAsync(http);
            return;
        }
        catch (ApiProblemException e) when (!http.Response.HasStarted)
        {
            result = new ApiProblemResult(e.Problem);
        }
        catch (JobRunnerUnavailableException e) when (!http.Response.HasStarted)
        {
            LogRunnerUnavailable(log, operation.Id, ApiProblemResult.TraceId(http), e.Message);
            result = new ApiProblemResult(ProblemCatalog.BackendUnavailable(
                options.Value.UnavailableRetryAfterSeconds, creating: operation.RequiresIdempotencyKey, e.Unavailability));
        }
        catch (StorageUnavailableException e) when (!http.Response.HasStarted)
        {
            LogRunnerUnavailable(log, operation.Id, ApiProblemResult.TraceId(http), e.Message);
            result = new ApiProblemResult(ProblemCatalog.StorageFault(options.Value.UnavailableRetryAfterSeconds));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; nobody is listening for an answer
        }
        catch (Exception e) when (!http.Response.HasStarted && DatabaseFaults.IsUnavailable(e))
        {
            // Logged once per outage by DatabaseOutage, not once per request.
            database.Refused(e);
            result = new ApiProblemResult(ProblemCatalog.DatabaseUnavailable(options.Value.UnavailableRetryAfterSeconds));
        }
        catch (Exception e)
        {
            LogUnexpected(log, e, operation.Id, ApiProblemResult.TraceId(http));
            if (http.Response.HasStarted)
            {
                http.Abort(); // a half-sent body must not look complete
                return;
            }
            result = new ApiProblemResult(ProblemCatalog.Internal());
        }
        await result.ExecuteAsync(http);
    }

    private async Task<IResult> DispatchAsync(HttpContext http, OperationDescriptor operation)
    {
        var principal = await AuthenticateAsync(http);
        if (!principal.Scopes.Contains(operation.Scope))
            return new ApiProblemResult(ProblemCatalog.MissingScope(operation.Id, operation.Scope));
        if (!RequestBody.IsJson(http.Request))
            return new ApiProblemResult(ProblemCatalog.UnsupportedMediaType());
        using var body = await RequestBody.ReadAsync(http.Request, options.Value.MaxBodyBytes, http.RequestAborted);
        var handler = OperationCatalog.Handler(http.RequestServices, operation);
        using (CallScope(log, operation.Id, principal.OrganizationId, principal.KeyId))
        using (JobScope(log, JobIdOf(body.RootElement)))
            return await handler.HandleAsync(new OpCall(http, operation, principal, body.RootElement.Clone()));
    }

    private async Task<ApiPrincipal> AuthenticateAsync(HttpContext http)
    {
        var (key, problem) = BearerToken.Parse(http.Request.Headers.Authorization);
        if (key is null)
            throw new ApiProblemException(ProblemCatalog.Unauthenticated(problem!));
        return await keys.AuthenticateAsync(key, http.RequestAborted)
            ?? throw new ApiProblemException(ProblemCatalog.Unauthenticated("The API key is unknown or revoked. Create a new key in the console."));
    }

    /// <summary>The job a job-scoped call names, for its log scope; only a well-formed id (the
    /// operation validates the body and answers for anything else).</summary>
    private static string? JobIdOf(System.Text.Json.JsonElement body) =>
        body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("job_id", out var id)
        && id.ValueKind == System.Text.Json.JsonValueKind.String && Guid.TryParse(id.GetString(), out var parsed) ? parsed.ToString() : null;

    public static IDisposable? JobScope(ILogger logger, string? jobId) => jobId is null ? null : JobScopeFormat(logger, jobId);

    private static readonly Func<ILogger, string, IDisposable?> JobScopeFormat = LoggerMessage.DefineScope<string>("job {JobId}");

    private static readonly Func<ILogger, string, string, string, IDisposable?> CallScope =
        LoggerMessage.DefineScope<string, string, string>("{Operation} for {OrganizationId} with key {ApiKeyId}");

    [LoggerMessage(EventId = 1001, EventName = "Unexpected", Level = LogLevel.Error, Message = "Operation {Operation} failed unexpectedly (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception e, string operation, string traceId);

    [LoggerMessage(EventId = 1002, EventName = "RunnerUnavailable", Level = LogLevel.Warning, Message = "Operation {Operation} answered 503: a dependency is unavailable (trace {TraceId}): {Reason}")]
    private static partial void LogRunnerUnavailable(ILogger logger, string operation, string traceId, string reason);
}
