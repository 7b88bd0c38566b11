using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Host.Api.Json;
using Geopera.Clip.Host.Api.Operations;
using Geopera.Clip.Host.Api.Problems;
using Geopera.Clip.Host.Telemetry;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>
/// Admission of an external_spend request under its Idempotency-Key. A key already answered for
/// the same request replays the stored answer from PostgreSQL — the admission or the refusal (no
/// call to the job runner, so it works long after the workflow left Temporal's retention); a key
/// bound to another request → 422; otherwise the job runner admits (update-with-start keyed by the
/// key, so concurrent retries join one job) and the answer, admitted or refused, is stored with the key.
/// </summary>
public sealed partial class IdempotentAdmission(IIdempotencyStore keys, IClipJobGateway gateway, AdmissionMetrics metrics, ILogger<IdempotentAdmission> log)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Whether an answer with this status can be a replay of a stored one (and so carry <see cref="ReplayedHeader"/>).</summary>
    public static bool MayReplay(int status) => status == StatusCodes.Status200OK || StoredRefusal.IsKeptStatus(status);

    /// <summary>The key header, read before the body is validated so a missing key is the first thing reported.</summary>
    public static string RequireKey(OpCall call) => IdempotencyKeyHeader.Read(call.Http.Request);

    /// <summary>Admit the job <paramref name="build"/> describes (given job id and fingerprint).</summary>
    public async Task<IResult> AdmitAsync(OpCall call, string idempotencyKey, Func<string, string, ClipJobInput> build)
    {
        var org = call.OrganizationId;
        var ct = call.Aborted;
        var fingerprint = RequestFingerprint.Compute(call.Operation.Id, call.Body);
        var (match, record) = await keys.FindAsync(org, idempotencyKey, fingerprint, ct);
        if (match == IdempotencyMatch.DifferentRequest)
            throw new ApiProblemException(ProblemCatalog.IdempotencyKeyReused());
        if (match == IdempotencyMatch.SameRequest && record?.ResponseJson is { } stored)
        {
            LogReplayed(log, idempotencyKey, record.JobId);
            return record.ResponseStatus == StatusCodes.Status200OK
                ? Replay(stored)
                : new ReplayedResult(new ApiProblemResult(StoredRefusal.FromJson(stored)));
        }

        var input = build(JobIdentity.JobId(org, idempotencyKey), fingerprint);
        using var scope = Pipeline.OpPipeline.JobScope(log, input.JobId);
        var outcome = await TimedAdmitAsync(input, ct);
        if (outcome.Rejection is { } rejection)
        {
            LogRejected(log, input.JobId, rejection.ErrorType, rejection.Message);
            var problem = RejectionProblems.For(rejection);
            if (StoredRefusal.IsKept(problem)
                && await keys.SaveAsync(org, idempotencyKey, fingerprint, input.JobId, new StoredAnswer(problem.Status, StoredRefusal.ToJson(problem)), ct)
                    == IdempotencyMatch.DifferentRequest)
                throw new ApiProblemException(ProblemCatalog.IdempotencyKeyReused());
            throw new ApiProblemException(problem);
        }
        var json = JsonSerializer.Serialize(JobCreatedResponse.From(outcome.Admitted!), ApiJson.Options);
        if (await keys.SaveAsync(org, idempotencyKey, fingerprint, input.JobId, StoredAnswer.Admitted(json), ct) == IdempotencyMatch.DifferentRequest)
            throw new ApiProblemException(ProblemCatalog.IdempotencyKeyReused());
        LogAdmitted(log, input.JobId, outcome.Admitted!.AssetsToClip);
        return Results.Text(json, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
    }

    private async Task<AdmissionOutcome> TimedAdmitAsync(ClipJobInput input, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var answer = await gateway.AdmitAsync(input, ct);
            outcome = answer.Rejection is null ? "admitted" : "rejected";
            return answer;
        }
        finally
        {
            metrics.RunnerAnswered(Stopwatch.GetElapsedTime(started), outcome);
        }
    }

    private static IResult Replay(string json) =>
        new ReplayedResult(Results.Text(json, "application/json", Encoding.UTF8, StatusCodes.Status200OK));

    private sealed class ReplayedResult(IResult answer) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers[ReplayedHeader] = "true";
            return answer.ExecuteAsync(http);
        }
    }

    [LoggerMessage(EventId = 1021, EventName = "Replayed", Level = LogLevel.Information, Message = "Replayed stored admission of job {JobId} for Idempotency-Key {IdempotencyKey}")]
    private static partial void LogReplayed(ILogger logger, string idempotencyKey, string jobId);

    [LoggerMessage(EventId = 1022, EventName = "Rejected", Level = LogLevel.Information, Message = "Admission of job {JobId} rejected: {ErrorType}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string jobId, string errorType, string reason);

    [LoggerMessage(EventId = 1023, EventName = "Admitted", Level = LogLevel.Information, Message = "Admitted job {JobId} with {AssetsToClip} assets")]
    private static partial void LogAdmitted(ILogger logger, string jobId, int assetsToClip);
}
