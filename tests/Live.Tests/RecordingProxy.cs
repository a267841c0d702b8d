using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Cameras.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Cameras.Live.Tests;

/// <summary>
/// Sits between ffmpeg and the server: forwards every request as it streams (a chunked PUT stays chunked and
/// progressive) with the terminal's token, and keeps the SHA-256 of each body pushed, by file name, to compare
/// with what the relay serves.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private LoopbackEndpoint _endpoint = null!;
    private readonly HttpClient _upstream;

    public ConcurrentDictionary<string, string> Pushed { get; } = new();

    public ConcurrentQueue<string> MediaPuts { get; } = new();

    public Uri Address { get; private set; } = null!;

    private RecordingProxy(HttpClient upstream) => _upstream = upstream;

    public static async Task<RecordingProxy> StartAsync(Uri server, string token)
    {
        var upstream = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        upstream.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var proxy = new RecordingProxy(upstream);
        proxy._endpoint = await LoopbackEndpoint.StartAsync(proxy.ForwardAsync);
        proxy.Address = new Uri(proxy._endpoint.Url);
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path);
        if (context.Request.Method == "PUT")
        {
            request.Content = new StreamContent(new HashingReadStream(context.Request.Body, hash), 64 * 1024);
            request.Headers.TransferEncodingChunked = true;
        }
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (context.Request.Method == "PUT" && response.IsSuccessStatusCode)
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            Pushed[name] = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!name.EndsWith(".m3u8") && !name.EndsWith(".mpd")) MediaPuts.Enqueue(name);
        }
        try
        {
            context.Response.StatusCode = (int)response.StatusCode;
            await response.Content.CopyToAsync(context.Response.Body);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // ffmpeg does not always wait for the answer to a PUT.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _upstream.Dispose();
    }
}
