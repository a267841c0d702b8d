using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cameras.TestSupport;

/// <summary>
/// Kestrel on a free loopback port (the port is chosen by the kernel when it binds, so no race), answering every
/// request with one handler: what a test stands up to play a peer (an S3 bucket, a proxy, a timestamp authority).
/// </summary>
public sealed class LoopbackEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackEndpoint(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base URL, without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public static async Task<LoopbackEndpoint> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new LoopbackEndpoint(app, app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
