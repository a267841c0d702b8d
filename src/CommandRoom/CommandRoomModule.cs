using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Cameras.CommandRoom;

/// <summary>The command room: the web dashboard (and, later, the live relay and its hub).</summary>
public static class CommandRoomModule
{
    public static IHostApplicationBuilder AddCommandRoom(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapCommandRoom(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => DashboardFiles.Serve("index.html")).ExcludeFromDescription();
        app.MapGet("/commandroom/{*path}", (string path) => DashboardFiles.Serve(path)).ExcludeFromDescription();
        return app;
    }
}
