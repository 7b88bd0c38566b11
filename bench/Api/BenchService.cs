using Geopera.Clip.Activities.Storage;
using Geopera.Clip.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Geopera.Clip.Bench.Api;

/// <summary>The service as <c>host serve --roles api</c> runs it, on a random loopback port.</summary>
public sealed class BenchService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchService(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;
    public IObjectStore Store => _app.Services.GetRequiredService<IObjectStore>();

    public static async Task<BenchService> StartAsync(string connection, string scratch)
    {
        var app = ClipApplication.Create([], new Dictionary<string, string?>
        {
            ["ConnectionStrings:Clip"] = connection,
            ["Urls"] = "http://127.0.0.1:0",
            ["Roles:Api"] = "true",
            ["Roles:Worker"] = "false",
            ["Roles:WarpWorker"] = "false",
            ["Storage:Kind"] = "local",
            ["Storage:LocalRoot"] = Path.Combine(scratch, "storage"),
            ["Logging:LogLevel:Default"] = "Warning",
            // Throughput, not throttling, is measured here.
            ["Api:Egress:PerAssetBurst"] = "100000",
            ["Api:Egress:PerAssetPerSecond"] = "100000",
            ["Api:Egress:PerOrganizationBurst"] = "100000",
            ["Api:Egress:PerOrganizationPerSecond"] = "100000",
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchService(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
