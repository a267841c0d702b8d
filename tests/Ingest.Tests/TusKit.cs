using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>Raw tus requests, header by header, as the protocol tables need them.</summary>
public static class TusKit
{
    public static string Metadata(params (string Key, string Value)[] pairs) =>
        string.Join(",", pairs.Select(p => $"{p.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value))}"));

    public static string DockMetadata(byte[] content, string offload = "off-1", string filename = "clip.mp4") =>
        Metadata(("filename", filename), ("camera", "CAM-7"), ("officer", "O-12"), ("station", "ST-3"),
            ("recorded_at", "2026-11-21T22:00:00Z"), ("sha256", Sha256Hex(content)), ("offload", offload));

    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static byte[] RandomBytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Tus-Resumable", "1.0.0");
        foreach (var (name, value) in headers)
        {
            if (name == "Tus-Resumable") request.Headers.Remove(name);
            if (value is not null) request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>POSTs an upload of <paramref name="length"/> bytes; returns its URL.</summary>
    public static async Task<string> CreateAsync(HttpClient client, long length, string metadata)
    {
        using var request = Request(HttpMethod.Post, "/dock/uploads", ("Upload-Length", length.ToString()), ("Upload-Metadata", metadata));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    public static HttpRequestMessage Patch(string url, long offset, byte[] chunk, params (string Name, string Value)[] headers)
    {
        var request = Request(HttpMethod.Patch, url, [("Upload-Offset", offset.ToString()), .. headers]);
        request.Content = new ByteArrayContent(chunk);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return request;
    }

    /// <summary>A PATCH streaming <paramref name="length"/> bytes of <paramref name="body"/> (announced as its length) at
    /// <paramref name="offset"/>; <paramref name="bufferSize"/> is StreamContent's (its own default when null).</summary>
    public static HttpRequestMessage Patch(string url, long offset, Stream body, long length, int? bufferSize = null)
    {
        var request = Request(HttpMethod.Patch, url, ("Upload-Offset", offset.ToString()));
        request.Content = bufferSize is { } size ? new StreamContent(body, size) : new StreamContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content.Headers.ContentLength = length;
        return request;
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, long offset, byte[] chunk) =>
        await client.SendAsync(Patch(url, offset, chunk));

    public static async Task<long> OffsetAsync(HttpClient client, string url)
    {
        using var response = await client.SendAsync(Request(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return long.Parse(response.Headers.GetValues("Upload-Offset").Single());
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single()
        : response.Content.Headers.TryGetValues(name, out values) ? values.Single() : null;

    /// <summary>Uploads <paramref name="content"/> whole in one PATCH; returns the completing response.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string metadata)
    {
        var url = await CreateAsync(client, content.Length, metadata);
        return await PatchAsync(client, url, 0, content);
    }

    public static Task<T> ScalarAsync<T>(TestServer server, string sql) => ScalarAsync<T>(server.DatabaseConnectionString, sql);

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<string> CreatePartialAsync(HttpClient client, byte[] content)
    {
        using var request = Request(HttpMethod.Post, "/dock/uploads", ("Upload-Length", content.Length.ToString()), ("Upload-Concat", "partial"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = response.Headers.Location!.ToString();
        using var patch = await PatchAsync(client, url, 0, content);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        return url;
    }

    public static async Task<string> CreateFinalAsync(HttpClient client, string metadata, params string[] parts)
    {
        using var request = Request(HttpMethod.Post, "/dock/uploads", ("Upload-Concat", "final;" + string.Join(' ', parts)), ("Upload-Metadata", metadata));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    /// <summary>Waits until the server has written <paramref name="length"/> bytes of the upload to its staging file
    /// (bytes sent but still in the socket when a request is cut are not the server's yet).</summary>
    public static async Task WaitForStagedAsync(string dataFolder, string url, long length)
    {
        var path = Path.Combine(dataFolder, "staging", url.Split('/')[^1]);
        for (var i = 0; i < 300 && (!File.Exists(path) || new FileInfo(path).Length < length); i++) await Task.Delay(50);
        Assert.True(new FileInfo(path).Length >= length, $"the server staged {new FileInfo(path).Length} of {length} bytes");
    }
}
