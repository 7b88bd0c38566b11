using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Geopera.Clip.Bench.Warp;

/// <summary>A loopback HTTP server with Range support (Kestrel) serving one file and counting what it sends.</summary>
internal sealed class RangeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _bytes, _requests;

    private RangeServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public long BytesSent => Interlocked.Read(ref _bytes);
    public long Requests => Interlocked.Read(ref _requests);

    public void Reset()
    {
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _requests, 0);
    }

    public static async Task<RangeServer> StartAsync(string file)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new RangeServer(app);
        app.Use(async (context, next) =>
        {
            await next();
            Interlocked.Increment(ref server._requests);
            if (context.Request.Method == "GET") Interlocked.Add(ref server._bytes, context.Response.ContentLength ?? 0);
        });
        var name = Path.GetFileName(file);
        app.MapMethods("/" + name, ["GET", "HEAD"], () => Results.File(file, "image/tiff", enableRangeProcessing: true));
        await app.StartAsync();
        server.Url = app.Urls.First() + "/" + name;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
