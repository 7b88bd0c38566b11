using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Api.WorkflowService.V1;

namespace Geopera.Clip.Tests.Api.Temporal;

/// <summary>
/// Temporal's WorkflowService on the wire, for the calls the service makes on
/// <c>client.WorkflowService</c> directly (no client interceptor sees those): gRPC over cleartext
/// HTTP/2 as the SDK's Rust client speaks it to a server, each message a 5-byte prefix (compressed
/// flag, big-endian length) and the real proto (gzip-compressed by the client), the outcome in the <c>grpc-status</c> and
/// <c>grpc-message</c> trailers (gRPC over HTTP/2 protocol, PROTOCOL-HTTP2.md). The client asks
/// GetSystemInfo when it connects (sdk-core client: an error other than UNIMPLEMENTED fails the
/// connection), so that is answered as a server does. Any method not scripted answers UNIMPLEMENTED,
/// as a server answers a method it does not have.
/// </summary>
internal sealed class WireWorkflowService : IAsyncDisposable
{
    private const string ServicePath = "/temporal.api.workflowservice.v1.WorkflowService/";

    private readonly WebApplication _app;

    private WireWorkflowService(WebApplication app) => _app = app;

    /// <summary>host:port for <c>TemporalClientConnectOptions.TargetHost</c>.</summary>
    public string Target { get; private set; } = "";

    /// <summary>Every call's method name, in the order received.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<DescribeWorkflowExecutionRequest> DescribeRequests { get; } = new();

    /// <summary>DescribeWorkflowExecution's answer: a response, or a gRPC status code and message.</summary>
    public Func<DescribeWorkflowExecutionRequest, WireAnswer<DescribeWorkflowExecutionResponse>> Describe { get; set; } =
        _ => WireAnswer<DescribeWorkflowExecutionResponse>.Status(12, "not scripted");

    public static async Task<WireWorkflowService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var service = new WireWorkflowService(app);
        app.MapPost(ServicePath + "{method}", (HttpContext http, string method) => service.AnswerAsync(http, method));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        service.Target = new Uri(address).Authority;
        return service;
    }

    private async Task AnswerAsync(HttpContext http, string method)
    {
        Calls.Enqueue(method);
        var request = await ReadMessageAsync(http.Request, http.RequestAborted);
        http.Response.ContentType = "application/grpc";
        var (reply, status, message) = method switch
        {
            "GetSystemInfo" => (new GetSystemInfoResponse
            {
                ServerVersion = "1.27.2",
                Capabilities = new() { SignalAndQueryHeader = true, InternalErrorDifferentiation = true, EagerWorkflowStart = true, SdkMetadata = true, CountGroupByExecutionStatus = true },
            }, 0, null),
            "DescribeWorkflowExecution" => DescribeAnswer(DescribeWorkflowExecutionRequest.Parser.ParseFrom(request)),
            _ => ((IMessage?)null, 12, $"unknown method {method} for service temporal.api.workflowservice.v1.WorkflowService"),
        };
        if (reply is not null)
        {
            var bytes = reply.ToByteArray();
            var frame = new byte[5 + bytes.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
            bytes.CopyTo(frame, 5);
            await http.Response.Body.WriteAsync(frame, http.RequestAborted);
        }
        http.Response.AppendTrailer("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
            http.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
    }

    private (IMessage?, int, string?) DescribeAnswer(DescribeWorkflowExecutionRequest request)
    {
        DescribeRequests.Enqueue(request);
        var answer = Describe(request);
        return (answer.Reply, answer.Code, answer.Message);
    }

    // One message per unary call. The SDK's client (tonic) sends it gzip-compressed: compressed
    // flag 1 and the grpc-encoding header saying how.
    private static async Task<byte[]> ReadMessageAsync(HttpRequest request, CancellationToken ct)
    {
        using var all = new MemoryStream();
        await request.Body.CopyToAsync(all, ct);
        var bytes = all.ToArray();
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
        var message = bytes.AsSpan(5, length).ToArray();
        if (bytes[0] == 0)
            return message;
        if (request.Headers["grpc-encoding"] != "gzip")
            throw new InvalidOperationException($"compressed message with grpc-encoding '{request.Headers["grpc-encoding"]}'");
        using var gzip = new GZipStream(new MemoryStream(message), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain, ct);
        return plain.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A scripted unary answer: the reply with status OK, or a status without a reply.</summary>
internal sealed record WireAnswer<T>(T? Reply, int Code, string? Message) where T : class, IMessage
{
    public static WireAnswer<T> Ok(T reply) => new(reply, 0, null);

    public static WireAnswer<T> Status(int code, string message) => new(null, code, message);
}
