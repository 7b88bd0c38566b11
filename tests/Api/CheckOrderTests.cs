using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>
/// docs/api.md states one order of checks for every call: verb → operation → key → scope → media
/// type → body size → JSON syntax → Idempotency-Key → fields. A request with two faults at once
/// must be answered with the earlier check's problem, and change nothing.
/// </summary>
public sealed class CheckOrderTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    /// <summary>The documented checks, in order, each with the problem it answers alone.</summary>
    public enum Fault { Verb, Operation, Key, Scope, MediaType, BodySize, JsonSyntax, IdempotencyKey, Fields }

    private static readonly IReadOnlyDictionary<Fault, (HttpStatusCode Status, string Code)> Answers = new Dictionary<Fault, (HttpStatusCode, string)>
    {
        [Fault.Verb] = (HttpStatusCode.MethodNotAllowed, "method-not-allowed"),
        [Fault.Operation] = (HttpStatusCode.NotFound, "unknown-operation"),
        [Fault.Key] = (HttpStatusCode.Unauthorized, "unauthenticated"),
        [Fault.Scope] = (HttpStatusCode.Forbidden, "insufficient-scope"),
        [Fault.MediaType] = (HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"),
        [Fault.BodySize] = (HttpStatusCode.RequestEntityTooLarge, "body-too-large"),
        [Fault.JsonSyntax] = (HttpStatusCode.BadRequest, "malformed-json"),
        [Fault.IdempotencyKey] = (HttpStatusCode.BadRequest, "idempotency-key-required"),
        [Fault.Fields] = (HttpStatusCode.BadRequest, "invalid-request"),
    };

    /// <summary>Every pair of faults one request can carry together (a missing key and a key
    /// lacking a scope are the same header, so that pair cannot be built).</summary>
    public static TheoryData<Fault, Fault> Pairs()
    {
        var data = new TheoryData<Fault, Fault>();
        foreach (var first in Enum.GetValues<Fault>())
            foreach (var second in Enum.GetValues<Fault>().Where(f => f > first))
                if (!(first == Fault.Key && second == Fault.Scope))
                    data.Add(first, second);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Two_faults_answer_the_earlier_check_and_change_nothing(Fault first, Fault second)
    {
        var before = await host.Seed.WritableStateAsync();
        var tree = host.StorageTree();

        var response = await SendAsync(await RequestWithAsync(first, second));

        var (status, code) = Answers[first];
        await response.ProblemAsync(status, code);
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Equal(tree, host.StorageTree());
    }

    [Theory]
    [MemberData(nameof(Singles))]
    public async Task Each_fault_alone_has_its_own_answer(Fault fault)
    {
        // Without this, a pair test would pass for a fault the pipeline never detects at all.
        var (status, code) = Answers[fault];
        await (await SendAsync(await RequestWithAsync(fault))).ProblemAsync(status, code);
    }

    public static TheoryData<Fault> Singles() => [.. Enum.GetValues<Fault>()];

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
            return await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A valid create request for the caller's own item, then each fault applied to it.</summary>
    private async Task<HttpRequestMessage> RequestWithAsync(params Fault[] faults)
    {
        var t = host.Tenant;
        var body = faults.Contains(Fault.Fields)
            ? ApiCalls.CreateFromItemBody(t, outputName: "../escape")
            : ApiCalls.CreateFromItemBody(t);
        if (faults.Contains(Fault.JsonSyntax))
            body = body[..^1] + ",";
        if (faults.Contains(Fault.BodySize))
            body += new string(' ', 1024 * 1024 + 1);

        var operation = faults.Contains(Fault.Operation) ? "clip.no_such_operation" : "clip.create_from_item";
        var method = faults.Contains(Fault.Verb) ? HttpMethod.Put : HttpMethod.Post;
        var request = new HttpRequestMessage(method, "/v1/op/" + operation) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(faults.Contains(Fault.MediaType) ? "text/plain" : "application/json");

        var key = faults.Contains(Fault.Key) ? "gpra_" + new string('x', 40)
            : faults.Contains(Fault.Scope) ? await host.Seed.KeyAsync(t.OrganizationId, ["clip:read"])
            : t.FullKey;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (!faults.Contains(Fault.IdempotencyKey))
            request.Headers.Add("Idempotency-Key", "order-" + Guid.NewGuid().ToString("N"));
        return request;
    }
}
