using System.Security.Claims;
using Cameras.Evidence.Security;
using Cameras.Ingest.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Cameras.Ingest.Terminal;

/// <summary>
/// <c>POST /terminal/keys</c> (terminal token): a short publish key for a native app, with the RTMP and SRT addresses
/// to paste into it (Larix Broadcaster: Connections → URL). The key stands for the caller's token until it expires.
/// </summary>
public static class PublishKeyEndpoint
{
    public sealed record PublishKey(string Key, DateTimeOffset ExpiresAt, string Rtmp, string Srt);

    public static IEndpointRouteBuilder MapPublishKeys(this IEndpointRouteBuilder app)
    {
        app.MapPost("/terminal/keys", CreateAsync).WithTags("Live").WithName("CreatePublishKey").RequireRoles(Roles.Terminal);
        return app;
    }

    private static async Task<Created<PublishKey>> CreateAsync(string? feed, HttpContext context, ClaimsPrincipal user, PublishKeys keys,
        IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        DateTimeOffset? expiry = long.TryParse(user.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;
        var terminal = user.Identity?.Name ?? user.FindFirst(TokenIssuer.SubjectClaim)?.Value ?? "terminal";
        var (key, expires) = await keys.CreateAsync(terminal, token, expiry, cancellationToken);
        var host = context.Request.Host.Host;
        var name = string.IsNullOrEmpty(feed) ? "FEED" : Uri.EscapeDataString(feed);
        var o = options.Value;
        return TypedResults.Created("/terminal/keys", new PublishKey(key, expires,
            $"rtmp://{host}:{o.RtmpPort}/live/{name}?token={key}", $"srt://{host}:{o.SrtPort}?streamid=publish:{name}:{key}"));
    }
}
