using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cameras.Ingest.Tus;

/// <summary>
/// What browser tus clients need on /dock, put first in the pipeline (a startup filter) so that even a 401 from the
/// authorization middleware carries it: CORS headers with the tus headers exposed, preflights answered without a
/// token, and Tus-Resumable on every response.
/// </summary>
internal sealed class TusCors : IStartupFilter
{
    private static readonly string Exposed = string.Join(", ", TusHeaders.Exposed);
    private static readonly string Allowed = string.Join(", ",
        "Authorization", "Content-Type", TusHeaders.Resumable, TusHeaders.UploadOffset, TusHeaders.UploadLength,
        TusHeaders.UploadMetadata, TusHeaders.UploadDeferLength, TusHeaders.UploadConcat, TusHeaders.UploadChecksum,
        "X-HTTP-Method-Override", "X-Requested-With");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, following) =>
        {
            if (!http.Request.Path.StartsWithSegments("/dock"))
            {
                await following(http);
                return;
            }
            var headers = http.Response.Headers;
            if (http.Request.Path.StartsWithSegments("/dock/uploads")) headers[TusHeaders.Resumable] = TusHeaders.SupportedVersion;
            var origin = http.Request.Headers.Origin.ToString();
            if (origin.Length > 0)
            {
                headers.AccessControlAllowOrigin = origin;
                headers.Vary = "Origin";
                headers.AccessControlExposeHeaders = Exposed;
                if (HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.ContainsKey("Access-Control-Request-Method"))
                {
                    headers.AccessControlAllowMethods = "POST, GET, HEAD, PATCH, DELETE, OPTIONS";
                    headers.AccessControlAllowHeaders = Allowed;
                    headers.AccessControlMaxAge = "86400";
                    http.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }
            }
            await following(http);
        });
        next(app);
    };
}
