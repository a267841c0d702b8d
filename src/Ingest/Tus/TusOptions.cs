using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Ingest.Tus;

/// <summary>OPTIONS /dock/uploads[/{id}]: what this server supports. No validators, no lock, no token needed.</summary>
public static class TusOptions
{
    public static NoContent Handle(HttpContext http, UploadServices uploads)
    {
        var headers = http.Response.Headers;
        headers[TusHeaders.Version] = TusHeaders.SupportedVersion;
        headers[TusHeaders.Extension] = TusHeaders.Extensions;
        headers[TusHeaders.MaxSize] = uploads.Options.MaxSize.ToString();
        headers[TusHeaders.ChecksumAlgorithm] = TusHeaders.Algorithms;
        return TypedResults.NoContent();
    }
}
