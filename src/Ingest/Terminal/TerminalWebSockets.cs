using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Cameras.Ingest.Terminal;

/// <summary>Accepts WebSockets on an ingest node (the browser terminal's push), whatever other roles it runs; the
/// middleware leaves a request another instance already upgraded alone.</summary>
internal sealed class TerminalWebSockets : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(10) });
        next(app);
    };
}
