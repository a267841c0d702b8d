using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Claims;
using Cameras.Evidence.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.CommandRoom.Relay;

/// <summary>
/// The low-latency path: one binary WebSocket message per unit, <c>[kind: 0 init, 1 fragment][stream: 1 byte][relay
/// time: 8 bytes, Unix ms, big-endian][an init only: its Media Source type's length, 2 bytes big-endian, then the type
/// in ASCII, <c>video/mp4; codecs="avc1.64001e,mp4a.40.2"</c>][bytes as pushed]</c>. A stream is one pushed file
/// series (muxed picture and sound in one, or ffmpeg's dash streams apart): a browser gives each its SourceBuffer.
/// Every stream's init comes first. The viewer's bounded queue is filled by the publisher without waiting;
/// this pump sends with a timeout and leaves on error, so a stalled browser holds nothing but its own queue.
/// </summary>
internal static class RelaySocket
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public static async Task<IResult> RunAsync(string feed, HttpContext context, ClaimsPrincipal user, LiveWindow window,
        FeedViews views, IOptions<LiveOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return TypedResults.Problem("This address speaks WebSocket only.", statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected");
        await views.RecordAsync(user, feed, RelayEndpoints.Reason(context, options.Value), deduplicate: false, cancellationToken);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var viewer = window.Subscribe(feed);
        var closed = WatchCloseAsync(socket, cancellationToken);
        var header = new byte[10];
        try
        {
            while (await viewer.Reader.WaitToReadAsync(cancellationToken))
            {
                while (viewer.Reader.TryRead(out var fragment))
                {
                    header[0] = fragment.IsInit ? (byte)0 : (byte)1;
                    header[1] = (byte)fragment.Stream;
                    BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(2), fragment.ReceivedAt.ToUnixTimeMilliseconds());
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(SendTimeout);
                    await socket.SendAsync(header, WebSocketMessageType.Binary, false, timeout.Token);
                    if (fragment.IsInit) await socket.SendAsync(TypeOf(fragment), WebSocketMessageType.Binary, false, timeout.Token);
                    await socket.SendAsync(fragment.Data, WebSocketMessageType.Binary, true, timeout.Token);
                }
                if (closed.IsCompleted) break;
            }
            if (socket.State == WebSocketState.Open)
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "feed ended", CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            loggers.CreateLogger("Cameras.CommandRoom.Relay").LogInformation("Viewer of feed {Feed} left: {Reason}", feed, e.Message);
        }
        return TypedResults.Empty;
    }

    private static byte[] TypeOf(LiveFragment init)
    {
        var type = System.Text.Encoding.ASCII.GetBytes((init.Tracks ?? InitSegment.Parse(init.Data)).MimeType);
        var bytes = new byte[2 + type.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)type.Length);
        type.CopyTo(bytes, 2);
        return bytes;
    }

    private static async Task WatchCloseAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
                if ((await socket.ReceiveAsync(buffer, cancellationToken)).MessageType == WebSocketMessageType.Close) return;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }
}
