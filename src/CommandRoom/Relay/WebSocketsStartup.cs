using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Cameras.CommandRoom.Relay;

/// <summary>Accepts WebSockets (the low-latency relay) without the host having to know about them.</summary>
internal sealed class WebSocketsStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        next(app);
    };
}
