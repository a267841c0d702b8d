using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cameras.Dock;

/// <summary>The few tus 1.0 requests the dock needs (creation, HEAD, PATCH), over HttpClient.</summary>
public sealed class TusClient(HttpClient http, Uri server)
{
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Where an upload stands; Recording or Quarantine are set once the server has the whole file.</summary>
    public sealed record Status(long Offset, string? Recording, string? Quarantine);

    public async Task<string> CreateAsync(long length, IEnumerable<(string Key, string? Value)> metadata, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, new Uri(server, "dock/uploads"));
        request.Headers.Add("Upload-Length", length.ToString());
        request.Headers.Add("Upload-Metadata", string.Join(",", metadata.Where(m => !string.IsNullOrEmpty(m.Value))
            .Select(m => $"{m.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(m.Value!))}")));
        using var timeout = Timeout(cancellationToken);
        using var response = await http.SendAsync(request, timeout.Token);
        await EnsureAsync(response, HttpStatusCode.Created, timeout.Token);
        return new Uri(server, response.Headers.Location!).ToString();
    }

    /// <summary>The upload's durable offset, or null when the server no longer has it (404, 410).</summary>
    public async Task<Status?> HeadAsync(string url, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Head, new Uri(url));
        using var timeout = Timeout(cancellationToken);
        using var response = await http.SendAsync(request, timeout.Token);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
        await EnsureAsync(response, HttpStatusCode.OK, timeout.Token);
        return StatusOf(response);
    }

    /// <summary>Sends the file from <paramref name="offset"/> to its end in one PATCH.</summary>
    public async Task<Status> PatchAsync(string url, string path, long offset, long size, Action<long> progress, long? maxRate,
        CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan) { Position = offset };
        using var request = Request(HttpMethod.Patch, new Uri(url));
        request.Headers.Add("Upload-Offset", offset.ToString());
        request.Content = new StreamContent(new ProgressStream(file, progress, maxRate, stall, StallTimeout), 1 << 20);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content.Headers.ContentLength = size - offset;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token);
            await EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken);
            return StatusOf(response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"No progress for {StallTimeout.TotalSeconds:0} s: the connection is considered lost.");
        }
    }

    public async Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) =>
        await http.GetAsync(new Uri(server, path), cancellationToken);

    /// <summary>Short requests get a minute: time for the server to take an upload's lease back, not for a dead link.</summary>
    private static CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        return timeout;
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }

    private static Status StatusOf(HttpResponseMessage response)
    {
        string? Header(string name) => response.Headers.TryGetValues(name, out var v) ? v.First() : null;
        return new Status(long.Parse(Header("Upload-Offset") ?? "0"), Header("Cameras-Recording"), Header("Cameras-Quarantine"));
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected) return;
        var detail = "";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Length > 0) detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { }
        throw new TusException(response.StatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}");
    }
}
