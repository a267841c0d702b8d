using Microsoft.AspNetCore.Http;

namespace Cameras.Ingest.Tus;

/// <summary>Every tus request but OPTIONS must say Tus-Resumable: 1.0.0; anything else is 412 with Tus-Version.</summary>
internal sealed class TusResumableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsOptions(http.Request.Method) || http.Request.Headers[TusHeaders.Resumable] == TusHeaders.SupportedVersion)
            return await next(context);
        http.Response.Headers[TusHeaders.Version] = TusHeaders.SupportedVersion;
        var sent = http.Request.Headers[TusHeaders.Resumable].ToString();
        return IngestErrors.UnsupportedVersion.Problem(sent.Length == 0
            ? "Tus-Resumable: 1.0.0 is required."
            : $"Tus-Resumable '{sent}' is not supported; this server speaks {TusHeaders.SupportedVersion}.");
    }
}
