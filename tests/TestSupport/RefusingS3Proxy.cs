using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Cameras.TestSupport;

/// <summary>
/// Stands between a server and a real S3 server (s3rver) and passes every request through unchanged (the Host header
/// too, which the SigV4 signature covers), except that it answers 503 SlowDown, as an overloaded S3 does, to every
/// request about the next <see cref="RefuseKeys"/> distinct object keys under a prefix. A writer that retries under
/// the same key stays refused; one that starts over under a new key gets through once the count is spent.
/// </summary>
public sealed class RefusingS3Proxy : IAsyncDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Expect", "Transfer-Encoding", "Keep-Alive",
    };

    private readonly HttpClient _upstream;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, int> _refusedKeys = new();
    private readonly Lock _lock = new();
    private int _toRefuse;
    private string _under;
    private LoopbackEndpoint _endpoint = null!;

    private RefusingS3Proxy(string upstream, string prefix)
    {
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(upstream), Timeout = TimeSpan.FromMinutes(2),
        };
        _prefix = prefix;
        _under = prefix;
    }

    /// <summary>The proxy's URL, to give a server as its S3 service URL.</summary>
    public string Url => _endpoint.Url;

    /// <summary>The keys refused so far, with how many requests about each were refused.</summary>
    public IReadOnlyDictionary<string, int> RefusedKeys => _refusedKeys;

    /// <param name="upstream">The real S3 server's URL.</param>
    /// <param name="prefix">The path prefix (<c>/bucket/key-prefix</c>) of the keys that may be refused.</param>
    public static async Task<RefusingS3Proxy> StartAsync(string upstream, string prefix)
    {
        var proxy = new RefusingS3Proxy(upstream, prefix);
        proxy._endpoint = await LoopbackEndpoint.StartAsync(proxy.AnswerAsync);
        return proxy;
    }

    /// <summary>
    /// Refuses the next <paramref name="keys"/> distinct keys under the prefix (<see cref="int.MaxValue"/>: all of them),
    /// or only under <paramref name="under"/> (a longer path prefix) when given; 0 stops refusing.
    /// </summary>
    public void RefuseKeys(int keys, string? under = null)
    {
        lock (_lock)
        {
            _toRefuse = keys;
            _under = under ?? _prefix;
            _refusedKeys.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _upstream.Dispose();
    }

    private bool Refuses(string path)
    {
        if (!path.StartsWith(_prefix, StringComparison.Ordinal)) return false;
        lock (_lock)
        {
            if (!path.StartsWith(_under, StringComparison.Ordinal)) return false;
            if (_refusedKeys.ContainsKey(path))
            {
                _refusedKeys[path]++;
                return true;
            }
            if (_toRefuse == 0) return false;
            if (_toRefuse != int.MaxValue) _toRefuse--;
            _refusedKeys[path] = 1;
            return true;
        }
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var request = http.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (Refuses(request.Path.Value ?? ""))
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.ContentType = "application/xml";
            if (request.Method != "HEAD")
                await http.Response.WriteAsync("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.Value + request.QueryString.Value);
        forward.Headers.Host = request.Host.Value;
        if (body.Length > 0 || request.ContentLength is not null) forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in request.Headers)
        {
            if (NotForwarded.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && forward.Content is not null)
            {
                forward.Content.Headers.Remove(name);
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!NotForwarded.Contains(name)) http.Response.Headers[name] = values.ToArray();
        if (request.Method != "HEAD") await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
