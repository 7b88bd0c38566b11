using System.Diagnostics;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Geopera.Clip.Host.Telemetry;

/// <summary>
/// What a clip job carries through Temporal headers from the create that started it to every
/// activity it runs: the W3C trace context (under <c>_tracer-data</c>, the key and shape the SDK's
/// own OpenTelemetry interceptor uses, so the two interoperate) and the job's id and organization
/// for log scopes (under <c>clip-job</c>). Headers are written into the workflow's history at
/// start, so reading them in the workflow is as deterministic as reading its input.
/// </summary>
public static class JobContextHeaders
{
    public const string TraceKey = "_tracer-data";
    public const string JobKey = "clip-job";

    private static IPayloadConverter Converter => DataConverter.Default.PayloadConverter;

    /// <summary>The headers for a start of <paramref name="job"/> under <paramref name="current"/>
    /// (the caller's span), added to <paramref name="headers"/>.</summary>
    public static IDictionary<string, Payload> Add(IDictionary<string, Payload>? headers, Activity? current, ClipJobInput? job)
    {
        headers ??= new Dictionary<string, Payload>();
        if (current is not null)
        {
            var carrier = new Dictionary<string, string> { ["traceparent"] = current.Id! };
            if (current.TraceStateString is { Length: > 0 } state)
                carrier["tracestate"] = state;
            headers[TraceKey] = Converter.ToPayload(carrier);
        }
        if (job is not null)
            headers[JobKey] = Converter.ToPayload(new JobContext(job.JobId, job.OrganizationId));
        return headers;
    }

    /// <summary>Copies this package's headers from <paramref name="from"/> onto <paramref name="to"/>.</summary>
    public static IDictionary<string, Payload> Forward(IReadOnlyDictionary<string, Payload>? from, IDictionary<string, Payload>? to)
    {
        to ??= new Dictionary<string, Payload>();
        foreach (var key in new[] { TraceKey, JobKey })
            if (from is not null && from.TryGetValue(key, out var value))
                to[key] = value;
        return to;
    }

    /// <summary>The caller's span context, when the headers carry a valid one.</summary>
    public static ActivityContext? TraceParent(IReadOnlyDictionary<string, Payload>? headers)
    {
        if (headers is null || !headers.TryGetValue(TraceKey, out var payload))
            return null;
        var carrier = Converter.ToValue<Dictionary<string, string>>(payload);
        return carrier.TryGetValue("traceparent", out var parent)
            && ActivityContext.TryParse(parent, carrier.GetValueOrDefault("tracestate"), isRemote: true, out var context)
            ? context : null;
    }

    public static JobContext? Job(IReadOnlyDictionary<string, Payload>? headers) =>
        headers is not null && headers.TryGetValue(JobKey, out var payload) ? Converter.ToValue<JobContext>(payload) : null;
}

/// <summary>The job an activity works for, as its log scope names it.</summary>
public sealed record JobContext(string JobId, string OrganizationId);
