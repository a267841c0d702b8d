using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;

namespace Cameras.Ingest.Tus;

/// <summary>The headers that describe an upload, as HEAD, PATCH and POST answer them.</summary>
internal static class TusResponse
{
    public static string Location(HttpRequest request, Guid id) => $"{request.PathBase}/dock/uploads/{id:n}";

    public static void Describe(HttpResponse response, Upload upload)
    {
        var headers = response.Headers;
        headers[TusHeaders.UploadOffset] = upload.Offset.ToString();
        if (upload.Length is { } length) headers[TusHeaders.UploadLength] = length.ToString();
        else headers[TusHeaders.UploadDeferLength] = "1";
        if (upload.IsReceiving) headers[TusHeaders.UploadExpires] = upload.ExpiresAt.ToString("R");
        headers.CacheControl = "no-store";
        DescribeOutcome(response, upload);
    }

    public static void DescribeOutcome(HttpResponse response, Upload upload)
    {
        if (upload.RecordingId is { } recording) response.Headers[TusHeaders.Recording] = recording.ToString();
        if (upload.State == UploadState.Quarantined)
            response.Headers[TusHeaders.Quarantine] = $"sha256-mismatch; received={upload.Sha256}; camera={upload.Dock.Sha256}";
    }

    public static void DescribeFully(HttpRequest request, HttpResponse response, Upload upload)
    {
        Describe(response, upload);
        if (!string.IsNullOrEmpty(upload.Metadata)) response.Headers[TusHeaders.UploadMetadata] = upload.Metadata;
        if (upload.IsPartial) response.Headers[TusHeaders.UploadConcat] = "partial";
        if (upload.IsFinal)
            response.Headers[TusHeaders.UploadConcat] = "final;" + string.Join(' ', (upload.Parts ?? []).Select(p => Location(request, p)));
    }
}
