using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Cameras.TestSupport;

/// <summary>
/// A loopback endpoint that answers as an S3 bucket with Object Lock would and records every request, for the
/// bucket features s3rver ignores (Object Lock, server-side encryption): tests check what real AWSSDK requests
/// asked for. Objects written with a single PUT are kept in memory so small recordings can be stored and read.
/// </summary>
public sealed class RecordingS3Endpoint : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new();
    private LoopbackEndpoint _endpoint = null!;

    public sealed record Request(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Request> Requests { get; } = new();

    public string Url { get; private set; } = "";

    /// <summary>Answers Object Lock requests as a bucket created without Object Lock does: 400 InvalidRequest.</summary>
    public bool RefuseObjectLock { get; set; }

    public static async Task<RecordingS3Endpoint> StartAsync()
    {
        var bucket = new RecordingS3Endpoint();
        bucket._endpoint = await LoopbackEndpoint.StartAsync(bucket.AnswerAsync);
        bucket.Url = bucket._endpoint.Url;
        return bucket;
    }

    /// <summary>Settings that point a server's S3 store at this endpoint.</summary>
    public Dictionary<string, string?> ServerSettings(bool objectLock) => new()
    {
        ["Cameras:Storage:Kind"] = "S3", ["Cameras:Storage:S3:ServiceUrl"] = Url, ["Cameras:Storage:S3:Bucket"] = "evidence",
        ["Cameras:Storage:S3:AccessKey"] = "key", ["Cameras:Storage:S3:SecretKey"] = "secret",
        ["Cameras:Storage:S3:ObjectLock"] = objectLock ? "true" : "false",
    };

    /// <summary>The requests of one Object Lock sub-resource (<c>retention</c> or <c>legal-hold</c>), in order.</summary>
    public IReadOnlyList<Request> SubResource(string name) =>
        Requests.Where(r => r.Query.TrimStart('?').Split('&').Any(p => p == name || p.StartsWith(name + "=", StringComparison.Ordinal))).ToList();

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    private async Task AnswerAsync(HttpContext http)
    {
        var request = http.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var isSubResource = request.Query.ContainsKey("retention") || request.Query.ContainsKey("legal-hold");
        Requests.Enqueue(new Request(request.Method, request.Path, request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            isSubResource || body.Length < 64 * 1024 ? System.Text.Encoding.UTF8.GetString(body.ToArray()) : $"({body.Length} bytes)"));
        var key = request.Path.Value ?? "";
        if (isSubResource && RefuseObjectLock)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync("<Error><Code>InvalidRequest</Code><Message>Bucket is missing Object Lock Configuration</Message></Error>");
            return;
        }
        http.Response.Headers.ETag = "\"etag\"";
        switch (request.Method)
        {
            case "HEAD" or "GET" when !isSubResource:
                if (!_objects.TryGetValue(key, out var stored)) { http.Response.StatusCode = 404; return; }
                http.Response.ContentLength = stored.Length;
                http.Response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
                if (request.Method == "GET") await http.Response.Body.WriteAsync(stored);
                return;
            case "PUT" when !isSubResource && !request.Query.ContainsKey("partNumber"):
                _objects[key] = body.ToArray();
                return;
            case "POST" when request.Query.ContainsKey("uploads"):
                await http.Response.WriteAsync("<InitiateMultipartUploadResult><Bucket>evidence</Bucket><Key>k</Key><UploadId>upload-1</UploadId></InitiateMultipartUploadResult>");
                return;
            case "POST" when request.Query.ContainsKey("uploadId"):
                await http.Response.WriteAsync("<CompleteMultipartUploadResult><Bucket>evidence</Bucket><Key>k</Key><ETag>\"etag\"</ETag></CompleteMultipartUploadResult>");
                return;
        }
    }
}
