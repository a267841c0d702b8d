using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cameras.Ingest.Gateway;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Terminal;

/// <summary>
/// The browser terminal's push over one WebSocket. The page sends text control messages and binary fMP4:
/// <c>{"init":true}</c> then the init segment; <c>{"segment":"NAME.m4s"}</c> then that segment's fragments (one per
/// frame) as they are encoded; <c>{"position":"…"}</c>; <c>{"ping":N}</c>; <c>{"end":true}</c>. Each segment streams into
/// the ingest as one progressive PUT (so its fragments are relayed at once) and is acknowledged
/// (<c>{"ack":NAME,"sha256":…}</c>) only once stored and chained; the page keeps what is not acknowledged and sends it
/// again after a reconnection. A refusal comes back as <c>{"error":NAME,"status":N,"detail":…}</c>.
/// </summary>
public sealed partial class TerminalPushSocket(WebSocket socket, FeedUploader uploader, ILogger logger)
{
    private const int MaxMessage = 16 << 20;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly List<Task> _answers = [];
    private SegmentUpload? _segment;
    private bool _initNext;
    private bool _refused;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,79}\\.m4s$")]
    private static partial Regex SegmentName();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (socket.State == WebSocketState.Open && !_refused)
            {
                buffer.ResetWrittenCount();
                var type = await ReceiveAsync(buffer, cancellationToken);
                if (type is null) break;
                if (type == WebSocketMessageType.Text)
                {
                    if (!await ControlAsync(Encoding.UTF8.GetString(buffer.WrittenSpan), cancellationToken)) break;
                }
                else if (_initNext)
                {
                    _initNext = false;
                    var answer = await uploader.PutAsync("init.mp4", buffer.WrittenMemory.ToArray(), cancellationToken);
                    await AnswerAsync("init.mp4", answer, cancellationToken);
                }
                else if (_segment is not null)
                {
                    await _segment.WriteAsync(buffer.WrittenMemory.ToArray(), cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidDataException)
        {
            logger.LogInformation("Browser terminal connection for feed {Feed} lost: {Message}", uploader.Identity.Feed, e.Message);
        }
        finally
        {
            // A segment cut by the lost connection is not kept; the page has not had its acknowledgement and sends it again.
            if (_segment is not null) await _segment.AbortAsync();
        }
    }

    private async Task<bool> ControlAsync(string text, CancellationToken cancellationToken)
    {
        JsonNode? message;
        try { message = JsonNode.Parse(text); }
        catch (JsonException) { message = null; }
        if (message is not JsonObject control) throw new InvalidDataException("a control message is not a JSON object");
        if (control["init"] is not null) { await CloseSegmentAsync(cancellationToken); _initNext = true; }
        else if (control["segment"]?.GetValue<string>() is { } name)
        {
            await CloseSegmentAsync(cancellationToken);
            if (!SegmentName().IsMatch(name))
            {
                await SendAsync(new JsonObject { ["error"] = name, ["status"] = 400, ["detail"] = "Segment names are letters, digits, '-' and '_' ending in .m4s." }, cancellationToken);
                return false;
            }
            _segment = uploader.Begin(name);
        }
        else if (control["position"]?.GetValue<string>() is { Length: <= 200 } position)
            uploader.Identity = uploader.Identity with { Position = position };
        else if (control["ping"] is { } ping) await SendAsync(new JsonObject { ["pong"] = ping.DeepClone() }, cancellationToken);
        else if (control["end"] is not null)
        {
            await CloseSegmentAsync(cancellationToken);
            await Task.WhenAll(_answers);
            var ended = await uploader.EndAsync(cancellationToken);
            await SendAsync(ended.Accepted ? new JsonObject { ["ended"] = true }
                : new JsonObject { ["error"] = "end", ["status"] = ended.Status, ["detail"] = ended.Detail }, cancellationToken);
            logger.LogInformation("Browser terminal ended feed {Feed}", uploader.Identity.Feed);
            return false;
        }
        return true;
    }

    private Task CloseSegmentAsync(CancellationToken cancellationToken)
    {
        if (_segment is not { } segment) return Task.CompletedTask;
        _segment = null;
        _answers.RemoveAll(t => t.IsCompleted);
        _answers.Add(AnswerLaterAsync(segment, cancellationToken));
        return Task.CompletedTask;
    }

    private async Task AnswerLaterAsync(SegmentUpload segment, CancellationToken cancellationToken) =>
        await AnswerAsync(segment.Name, await segment.CompleteAsync(), cancellationToken);

    private async Task AnswerAsync(string name, PushAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.Accepted)
        {
            await SendAsync(new JsonObject { ["ack"] = name, ["sha256"] = answer.Sha256 }, cancellationToken);
            return;
        }
        // A refusal (another terminal's feed, an ended feed, a bad token, not fMP4) is final for this connection.
        _refused = answer.Status is >= 400 and < 500;
        logger.LogWarning("Browser push of {Name} to feed {Feed} refused: {Status} {Detail}", name, uploader.Identity.Feed, answer.Status, answer.Detail);
        await SendAsync(new JsonObject { ["error"] = name, ["status"] = answer.Status, ["detail"] = answer.Detail }, cancellationToken,
            close: _refused);
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken, bool close = false)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _send.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open) await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
            if (close && socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "refused", cancellationToken);
        }
        catch (WebSocketException)
        {
            // The page has gone; it will learn what was stored when it sends again.
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task<WebSocketMessageType?> ReceiveAsync(ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessage) throw new InvalidDataException("a message larger than 16 MiB");
            if (result.EndOfMessage) return result.MessageType;
        }
    }
}
