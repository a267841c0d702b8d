using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Cameras.TestSupport;

/// <summary>
/// A loopback proxy in front of Azurite that records every request the Azure SDK sends, forwards it, and answers
/// itself what Azurite does not implement: a blob's immutability policy and legal hold (version-level WORM), as a
/// container with version-level immutability would. Tests check what real Azure.Storage.Blobs requests asked for.
/// </summary>
public sealed class RecordingAzureProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Expect",
    };

    private readonly HttpClient _forward = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly Uri _azurite;
    private LoopbackEndpoint _endpoint = null!;

    private RecordingAzureProxy(Uri azurite) => _azurite = azurite;

    public sealed record Request(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>The Blob endpoint through the proxy, for the same account as Azurite's.</summary>
    public string BlobUrl { get; private set; } = "";

    /// <summary>The container says it has version-level immutability (Azurite's own never does).</summary>
    public bool VersionImmutability { get; set; } = true;

    /// <summary>Answers immutability requests as a container without version-level immutability does: 409.</summary>
    public bool RefuseImmutability { get; set; }

    public static async Task<RecordingAzureProxy> StartAsync(string azuriteBlobUrl)
    {
        var azurite = new Uri(azuriteBlobUrl);
        var proxy = new RecordingAzureProxy(new Uri(azurite.GetLeftPart(UriPartial.Authority)));
        proxy._endpoint = await LoopbackEndpoint.StartAsync(proxy.AnswerAsync);
        proxy.BlobUrl = proxy._endpoint.Url + azurite.AbsolutePath.TrimEnd('/');
        return proxy;
    }

    /// <summary>Settings that point a server's Azure Blob store (Shared Key, version-level immutability) at this proxy.</summary>
    public Dictionary<string, string?> ServerSettings(string container) => new()
    {
        ["Cameras:Storage:Kind"] = "AzureBlob", ["Cameras:Storage:AzureBlob:ServiceUrl"] = BlobUrl,
        ["Cameras:Storage:AzureBlob:Credential"] = "SharedKey",
        ["Cameras:Storage:AzureBlob:Account"] = TestEnvironment.AzuriteAccount, ["Cameras:Storage:AzureBlob:Key"] = TestEnvironment.AzuriteKey,
        ["Cameras:Storage:AzureBlob:Container"] = container, ["Cameras:Storage:AzureBlob:Immutability"] = "Version",
    };

    /// <summary>The requests for one <c>comp</c> sub-resource (<c>immutabilityPolicies</c>, <c>legalhold</c>, <c>blocklist</c>…), in order.</summary>
    public IReadOnlyList<Request> Comp(string name) =>
        Requests.Where(r => r.Query.TrimStart('?').Split('&').Contains("comp=" + name, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _forward.Dispose();
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var request = http.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var comp = request.Query["comp"].ToString();
        Requests.Enqueue(new Request(request.Method, request.Path, request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body.Length < 64 * 1024 ? System.Text.Encoding.UTF8.GetString(body.ToArray()) : $"({body.Length} bytes)"));
        if (comp is "immutabilityPolicies" or "legalhold")
        {
            AnswerImmutability(http, comp);
            return;
        }
        await ForwardAsync(http, body);
    }

    private void AnswerImmutability(HttpContext http, string comp)
    {
        var response = http.Response;
        response.Headers["x-ms-version"] = http.Request.Headers["x-ms-version"].ToString();
        response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        if (RefuseImmutability || !VersionImmutability)
        {
            response.StatusCode = 409;
            response.Headers["x-ms-error-code"] = "ImmutableStorageWithVersioningNotEnabled";
            return;
        }
        if (comp == "legalhold")
        {
            response.Headers["x-ms-legal-hold"] = http.Request.Headers["x-ms-legal-hold"].ToString();
            return;
        }
        response.Headers["x-ms-immutability-policy-until-date"] = http.Request.Headers["x-ms-immutability-policy-until-date"].ToString();
        response.Headers["x-ms-immutability-policy-mode"] = http.Request.Headers["x-ms-immutability-policy-mode"].ToString();
    }

    private async Task ForwardAsync(HttpContext http, MemoryStream body)
    {
        var request = http.Request;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_azurite, request.Path + request.QueryString));
        if (body.Length > 0 || request.ContentLength is not null) forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var answer = await _forward.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        var response = http.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            if (!HopByHop.Contains(name)) response.Headers[name] = values.ToArray();
        var containerProperties = request.Query["restype"] == "container" && request.Method is "GET" or "HEAD" && !request.Query.ContainsKey("comp");
        if (containerProperties && answer.IsSuccessStatusCode && VersionImmutability)
            response.Headers["x-ms-immutable-storage-with-versioning-enabled"] = "true";
        if (request.Method != "HEAD") await answer.Content.CopyToAsync(response.Body, http.RequestAborted);
    }
}
