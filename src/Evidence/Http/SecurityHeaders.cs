using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Http;

/// <summary>
/// The headers every answer carries, set in one place as the response starts (so errors, redirects and files get
/// them too): no MIME sniffing, no referrer (URLs carry access tokens and reasons), never framed; pages get a
/// Content-Security-Policy that admits only this origin's own scripts and styles (the dashboard has no inline script or
/// style), with what the players need: hls.js runs its demuxer in a <c>blob:</c> worker and plays through
/// <c>blob:</c> Media Source URLs; SignalR and the relay use WebSockets to this host. With an OpenID Connect provider,
/// pages may also fetch from its origin (discovery document, token endpoint: the sign-in runs in the browser).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<EvidenceOptions> options)
{
    private const string NonPagePolicy = "default-src 'none'; frame-ancestors 'none'";

    private readonly string _provider = ProviderSource(options.Value.Auth.Authority);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() => Apply(context));
        return next(context);
    }

    private Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        var page = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        headers.ContentSecurityPolicy = page ? PagePolicy(context.Request.Host, _provider) : NonPagePolicy;
        // Every answer but the dashboard's own files is personal data or evidence: recordings, custody events, live
        // pictures, names of officers, problems that echo them, and media fetched with a token in the URL. None may
        // be kept by a browser or a shared cache, where the next user of the machine (or of the proxy) would find it.
        if (!IsDashboardAsset(context.Request.Path)) headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    private static string PagePolicy(HostString host, string provider) =>
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        + $"worker-src 'self' blob:; connect-src 'self'{WebSocketSources(host)}{provider}; font-src 'self'; manifest-src 'self'; "
        + "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>'self' covers ws: and wss: to this host in CSP 3; older browsers need them named. A Host that is not
    /// a plain name or address (with its port) is left out rather than written into the policy.</summary>
    private static string WebSocketSources(HostString host) =>
        host.HasValue && host.Value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']')
            ? $" ws://{host.Value} wss://{host.Value}" : "";

    /// <summary>The provider's origin (scheme, host, port), as a source of connect-src; the settings' check at start
    /// made sure the authority is an absolute http(s) URL.</summary>
    private static string ProviderSource(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? " " + uri.GetLeftPart(UriPartial.Authority) : "";

    /// <summary>The dashboard's scripts and styles (Vite's output, named by their content): the same for everyone,
    /// nothing personal.</summary>
    private static bool IsDashboardAsset(PathString path) =>
        path.StartsWithSegments("/app/assets", StringComparison.OrdinalIgnoreCase)
        && !path.Value!.EndsWith(".html", StringComparison.OrdinalIgnoreCase);
}
