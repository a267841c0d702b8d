using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using Cameras.Ingest.Ffmpeg;
using Cameras.Ingest.Live;
using FFMpegCore.Arguments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// SRT for native apps on <c>Cameras:Live:SrtPort</c>: one libsrt listener takes every caller on the one UDP port
/// (ffmpeg's and srt-live-transmit's listeners take a single caller per process, so several terminals at once need
/// libsrt's own accept loop). Each caller is judged in libsrt's listen callback, before the connection is made, from
/// its stream id <c>publish:FEED:TOKEN</c> by the ingest's own claim; a refused one gets SRT's rejection with an
/// HTTP-like reason (1401, 1403, 1409…). An admitted caller's MPEG-TS goes into an ffmpeg that remuxes it (-c copy).
/// </summary>
public sealed class SrtGateway(
    IOptions<GatewayOptions> options, LocalIngest ingest, PublishKeys keys, IHostApplicationLifetime lifetime, TimeProvider clock,
    ILoggerFactory loggers)
    : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger<SrtGateway>();
    private readonly ConcurrentDictionary<int, FeedUploader> _admitted = new();
    private readonly ConcurrentDictionary<string, int> _feeds = new();
    private readonly ConcurrentDictionary<int, Task> _relays = new();
    private volatile bool _stopping;
    private int _listener = SrtNative.Error;
    private GCHandle _self;
    private Thread? _acceptor;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SrtPort != 0) lifetime.ApplicationStarted.Register(() => _ = Task.Run(LaunchAsync));
        return Task.CompletedTask;
    }

    /// <summary>A caller waits for the handshake's answer for 3 s by default, and the first check of a cold process
    /// (compiling the key lookup, the HTTP client, the ingest's token check) can take longer on a loaded machine:
    /// that path is run once before the port opens.</summary>
    private async Task LaunchAsync()
    {
        try
        {
            await keys.ResolveAsync("kwarmup-not-a-key", CancellationToken.None);
            var warm = new FeedUploader(ingest, new FeedIdentity("gateway-warm-up", "not-a-token", "srt", null, null, null));
            await warm.AuthoriseAsync(CancellationToken.None); // 401: nothing is claimed
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning("SRT warm-up failed: {Message}", e.Message);
        }
        Launch();
    }

    private unsafe void Launch()
    {
        var o = options.Value;
        var host = o.GatewayHost ?? ingest.ListenHost;
        try
        {
            SrtNative.Startup();
        }
        catch (DllNotFoundException)
        {
            _logger.LogError("SRT is off: libsrt is missing (apt-get install srt-tools)");
            return;
        }
        _listener = SrtNative.CreateSocket();
        SrtNative.SetInt(_listener, SrtNative.OptTransType, 0); // live
        SrtNative.SetInt(_listener, SrtNative.OptLatency, o.SrtLatencyMs);
        var address = SrtNative.Address(IPAddress.Parse(host), o.SrtPort);
        int bound;
        fixed (byte* a = address) bound = SrtNative.Bind(_listener, a, address.Length);
        if (bound == SrtNative.Error || SrtNative.Listen(_listener, 64) == SrtNative.Error)
        {
            _logger.LogError("SRT is off: cannot listen on {Host}:{Port}: {Error}", host, o.SrtPort, SrtNative.LastErrorMessage());
            SrtNative.Close(_listener);
            return;
        }
        _self = GCHandle.Alloc(this);
        SrtNative.ListenCallback(_listener, &OnCaller, GCHandle.ToIntPtr(_self));
        _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "srt-accept" };
        _acceptor.Start();
        _logger.LogWarning("SRT gateway listening on srt://{Host}:{Port}?streamid=publish:FEED:TOKEN", host, o.SrtPort);
    }

    [UnmanagedCallersOnly]
    private static int OnCaller(IntPtr opaque, int socket, int handshakeVersion, IntPtr peer, IntPtr streamId)
    {
        var gateway = (SrtGateway)GCHandle.FromIntPtr(opaque).Target!;
        return gateway.Admit(socket, streamId == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(streamId));
    }

    /// <summary>Runs on libsrt's thread while the caller waits for the handshake's answer: 0 admits, -1 refuses.</summary>
    private int Admit(int socket, string? streamId)
    {
        if (SrtStreamId.Parse(streamId) is not { } id || !LiveNames.IsValidFeed(id.Feed))
            return Refuse(socket, "?", 400, "the stream id must be publish:FEED:TOKEN");
        if (!_feeds.TryAdd(id.Feed, socket)) return Refuse(socket, id.Feed, 409, "this feed is being published already");
        try
        {
            if (keys.ResolveAsync(id.Token, CancellationToken.None).GetAwaiter().GetResult() is not { } token)
                return Forget(id.Feed, Refuse(socket, id.Feed, 401, "unknown or expired publish key (POST /terminal/keys gives one)"));
            var uploader = new FeedUploader(ingest, FeedIdentity.From(id.Feed, token, "srt", id.Parameter));
            var answer = uploader.AuthoriseAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (!answer.Accepted) return Forget(id.Feed, Refuse(socket, id.Feed, answer.Status, answer.Detail));
            _admitted[socket] = uploader;
            _logger.LogInformation("SRT publish of feed {Feed} admitted", id.Feed);
            return 0;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "SRT publish of feed {Feed} could not be checked", id.Feed);
            return Forget(id.Feed, Refuse(socket, id.Feed, 503, e.Message));
        }
    }

    private int Forget(string feed, int result)
    {
        _feeds.TryRemove(feed, out _);
        return result;
    }

    private int Refuse(int socket, string feed, int status, string? detail)
    {
        _logger.LogWarning("SRT publish of feed {Feed} refused: {Status} {Detail}", feed, status, detail);
        SrtNative.SetRejectReason(socket, SrtNative.RejectReason(status is >= 400 and < 600 ? status : 403));
        return -1;
    }

    private unsafe void AcceptLoop()
    {
        while (!_stopping)
        {
            var socket = SrtNative.Accept(_listener, null, null);
            if (socket == SrtNative.Error)
            {
                if (_stopping) return;
                _logger.LogWarning("SRT accept failed: {Error}", SrtNative.LastErrorMessage());
                Thread.Sleep(100);
                continue;
            }
            if (!_admitted.TryRemove(socket, out var uploader)) { SrtNative.Close(socket); continue; }
            _relays[socket] = Task.Factory.StartNew(() => Relay(socket, uploader), TaskCreationOptions.LongRunning).Unwrap();
        }
    }

    /// <summary>Remuxes the caller's MPEG-TS (FFMpegCore's pipe source: <see cref="SrtCallerSource"/>) until the caller
    /// leaves (or is silent too long); ffmpeg then sees the end of its input and finishes its output.</summary>
    private async Task Relay(int socket, FeedUploader uploader)
    {
        var feed = uploader.Identity.Feed;
        SrtNative.SetInt(socket, SrtNative.OptRcvTimeout, 1000);
        try
        {
            var caller = new InputPipeArgument(new SrtCallerSource(socket, feed, () => _stopping, _logger));
            await new FeedRemuxer(uploader, clock, loggers.CreateLogger<FeedRemuxer>())
                .RunAsync(new LiveFfmpegInput(["-f", "mpegts"], caller), CancellationToken.None);
        }
        finally
        {
            SrtNative.Close(socket);
            _feeds.TryRemove(feed, out _);
            _relays.TryRemove(socket, out _);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_listener != SrtNative.Error) SrtNative.Close(_listener);
        await Task.WhenAll(_relays.Values).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { });
        if (_self.IsAllocated) _self.Free();
    }
}
