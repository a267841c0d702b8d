using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cameras.Live.Tests;

/// <summary>
/// Sits between ffmpeg and the server: forwards every request as it streams (a chunked PUT stays chunked and
/// progressive) with the terminal's token, and keeps the SHA-256 of each body pushed, by file name, to compare
/// with what the relay serves.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    public ConcurrentDictionary<string, string> Pushed { get; } = new();

    public ConcurrentQueue<string> MediaPuts { get; } = new();

    public Uri Address { get; }

    private RecordingProxy(WebApplication app, HttpClient upstream, Uri address)
    {
        _app = app;
        _upstream = upstream;
        Address = address;
    }

    public static async Task<RecordingProxy> StartAsync(Uri server, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var upstream = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        upstream.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var app = builder.Build();
        RecordingProxy? proxy = null;
        app.Run(context => proxy!.ForwardAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        proxy = new RecordingProxy(app, upstream, new Uri(address));
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path);
        if (context.Request.Method == "PUT")
        {
            request.Content = new StreamContent(new HashingStream(context.Request.Body, hash), 64 * 1024);
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
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            hash.AppendData(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
