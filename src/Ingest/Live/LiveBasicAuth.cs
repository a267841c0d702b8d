using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cameras.Ingest.Live;

/// <summary>
/// Pushers that cannot set a header (ffmpeg's dash muxer has no <c>-headers</c>) put the token in the URL as the
/// password, <c>http://terminal:TOKEN@host/live/…</c>. ffmpeg sends it only after a Basic challenge, which it asks
/// for with <c>Expect: 100-continue</c> before any body byte. Under <c>/live/</c> this turns Basic credentials into the
/// bearer token they carry and adds the Basic challenge to a 401. The token is never logged.
/// </summary>
internal sealed class LiveBasicAuth : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (!context.Request.Path.StartsWithSegments("/live")) return nextMiddleware(context);
            var header = context.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && Password(header[6..]) is { } token)
                context.Request.Headers.Authorization = "Bearer " + token;
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                    context.Response.Headers.Append("WWW-Authenticate", "Basic realm=\"cameras-live\"");
                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };

    private static string? Password(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            var colon = text.IndexOf(':');
            return colon >= 0 && colon < text.Length - 1 ? text[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
