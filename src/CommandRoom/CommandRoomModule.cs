using Cameras.CommandRoom.Hub;
using Cameras.CommandRoom.Relay;
using Cameras.Evidence.Live;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cameras.CommandRoom;

/// <summary>The command room: the web dashboard, the live relay (HLS and WebSocket) and the SignalR hub.</summary>
public static class CommandRoomModule
{
    public static IHostApplicationBuilder AddCommandRoom(this IHostApplicationBuilder builder)
    {
        builder.AddLiveRelay();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<IStartupFilter, WebSocketsStartup>();
        builder.Services.AddSingleton<FeedViews>();
        builder.Services.AddSingleton<FeedList>();
        builder.Services.AddSingleton<FeedDetail>();
        builder.Services.AddHostedService<CommandRoomEvents>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCommandRoom(this IEndpointRouteBuilder app)
    {
        // Direct, the home page: the live grid, one of the workspace's pages (web/live.html), at the root.
        app.MapGet("/", () => DashboardFiles.Serve("app/live.html")).ExcludeFromDescription();
        // The former exports page folded into the Affaires (a case's exports) and « Mes exports » (a magistrate's):
        // its address, bookmarked or in old mails, leads there (the #token= fragment survives a redirect).
        app.MapGet("/commandroom/exports.html", () => Results.Redirect("/app/cases.html")).ExcludeFromDescription();
        // The workspace's pages (built from web/ by Vite): Direct, Enregistrements, Lecteur, Chronologie, Affaires, Exports…
        app.MapGet("/app/{*path}", (string? path) => DashboardFiles.Serve("app/" + (path ?? ""))).ExcludeFromDescription();
        app.MapHub<CommandRoomHub>("/hubs/commandroom").RequireRoles(Roles.Operator, Roles.Admin).AllowQueryToken();
        app.MapGet("/api/live/feeds", (FeedList list, CancellationToken cancellationToken) => list.LiveAsync(cancellationToken))
            .WithTags("Live").WithName("GetLiveFeeds").RequireRoles(Roles.Operator, Roles.Admin);
        // The feed's page (the live grid's click-through); an ended feed still has one.
        app.MapGet("/api/live/feeds/{feed}", async Task<Results<Ok<FeedDetail.View>, ProblemHttpResult>> (string feed, FeedDetail detail,
                CancellationToken cancellationToken) =>
                await detail.FindAsync(feed, cancellationToken) is { } view
                    ? TypedResults.Ok(view)
                    : RelayErrors.FeedNotFound.Problem($"No feed has the id '{feed}': GET /api/live/feeds lists the feeds live now."))
            .WithTags("Live").WithName("GetLiveFeed").RequireRoles(Roles.Operator, Roles.Admin);
        app.MapRelay();
        return app;
    }
}
