using System.Reflection;
using Cameras.Evidence.Security;
using Cameras.Ingest.Gateway;
using Cameras.Ingest.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Terminal;

/// <summary>
/// The browser terminal: <c>GET /terminal</c> (the page, French; <c>#token=…</c> signs in as on the dashboard), its
/// files under <c>/terminal/assets/</c>, and <c>/terminal/push/{feed}</c>, the WebSocket it pushes through (terminal
/// token as <c>?access_token=</c>, since a browser sets no header on a WebSocket).
/// </summary>
public static class TerminalEndpoints
{
    private static readonly Assembly Assembly = typeof(TerminalEndpoints).Assembly;
    private static readonly HashSet<string> Names = [.. Assembly.GetManifestResourceNames()];
    private static readonly FileExtensionContentTypeProvider Types = new();

    public static IEndpointRouteBuilder MapTerminal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/terminal", () => Serve("terminal.html")).ExcludeFromDescription();
        app.MapGet("/terminal/assets/{*path}", (string path) => Serve(path)).ExcludeFromDescription();
        app.MapGet("/terminal/push/{feed}", PushAsync).WithTags("Live").WithName("PushLiveFromBrowser")
            .RequireRoles(Roles.Terminal).AllowQueryToken();
        return app;
    }

    private static IResult Serve(string path)
    {
        // Resource names are an exact list: "../" or anything else not shipped is simply not found.
        var name = "terminal/" + path.Replace('\\', '/');
        if (!Names.Contains(name)) return Results.NotFound();
        return Results.Stream(Assembly.GetManifestResourceStream(name)!, Types.TryGetContentType(path, out var type) ? type : "application/octet-stream");
    }

    private static async Task<IResult> PushAsync(string feed, HttpContext context, LocalIngest ingest, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return LiveErrors.BadName.Problem("This is the browser terminal's WebSocket; open /terminal to push, or PUT /live/{feed}/{name}.");
        if (!LiveNames.IsValidFeed(feed))
            return LiveErrors.BadName.Problem("Feed ids are letters, digits, '-' and '_' (up to 64).");
        var token = context.Request.Query[QueryToken.Parameter].FirstOrDefault()
            ?? context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.OrdinalIgnoreCase);
        var query = context.Request.Query;
        var who = FeedIdentity.From(feed, token, "browser", key => query[key].FirstOrDefault());
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var bridge = new TerminalPushSocket(socket, new FeedUploader(ingest, who), loggers.CreateLogger<TerminalPushSocket>());
        await bridge.RunAsync(context.RequestAborted);
        return Results.Empty;
    }
}
