using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Live;
using Cameras.Evidence.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.Ingest.Live;

/// <summary>
/// Takes one pushed file. A media file's body is cut into units as it arrives and each complete one (init, or
/// moof+mdat) goes to the live window at once, so a progressive (chunked) PUT is relayed while it streams. At the end
/// of the body the whole segment is hashed, stored and chained, and only then answered. A playlist or manifest is
/// read only for the end of the feed.
/// </summary>
public sealed class LivePush(
    LiveWindow window, LiveAnnouncer announcer, LiveNodeAddress node, LiveFeeds feeds, LiveEnding ending, IObjectStore store,
    IOptions<LiveOptions> options, ILogger<LivePush> logger)
{
    private static readonly TimeSpan EndWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan EndGrace = TimeSpan.FromMilliseconds(500);
    private readonly InFlightPushes _inFlight = new();

    public sealed record Outcome(int Status, string? Sha256, string? PreviousSha256, (Evidence.ErrorDescriptor Error, string Detail)? Problem = null);

    public async Task<Outcome> PlaylistAsync(string feed, Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(new BoundedReadStream(body, 1 << 20), Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        // HLS says the end with EXT-X-ENDLIST; DASH by turning the manifest static.
        if (text.Contains("#EXT-X-ENDLIST", StringComparison.Ordinal) || text.Contains("type=\"static\"", StringComparison.Ordinal))
        {
            // The final manifest can overtake the last segment, still streaming on another connection or not yet
            // dispatched (pushers do not wait for answers): give it a moment and let it land first, so the feed's chain
            // and its assembled recording are whole.
            await Task.Delay(EndGrace, cancellationToken);
            await _inFlight.IdleAsync(feed, EndWait);
            await ending.EndAsync(feed, "end-of-list", cancellationToken);
        }
        return new Outcome(StatusCodes.Status204NoContent, null, null);
    }

    /// <summary>Marks a media push of <paramref name="feed"/> as in flight until disposed (from its first moment, before
    /// the claim), so an end-of-list that overtakes it waits for it.</summary>
    public IDisposable Track(string feed) => _inFlight.Enter(feed);

    public async Task<Outcome> MediaAsync(string feed, string name, Stream body, CustodyActor actor, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxSegmentBytes;
        var splitter = new FragmentSplitter(limit);
        var relayed = LiveNames.IsRelayedStream(name);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                foreach (var unit in splitter.Append(buffer.AsSpan(0, read)))
                    if (relayed) Publish(feed, name, unit);
            }
        }
        catch (InvalidDataException e)
        {
            return Refuse(LiveErrors.NotMedia, $"'{name}' is not fMP4/CMAF: {e.Message} Push init segments and fMP4 media segments.");
        }
        catch (IOException e) when (e is not SegmentTooLargeException)
        {
            // The connection broke inside the body (a chunked body cut short): the fragments already complete were
            // relayed; the segment is incomplete and is not kept.
            return Refuse(LiveErrors.Truncated, $"'{name}' was cut short: {e.Message}");
        }
        catch (SegmentTooLargeException e)
        {
            return Refuse(LiveErrors.TooLarge, $"A live segment may hold at most {e.Limit} bytes (Cameras:Live:MaxSegmentBytes); cut shorter segments.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var (complete, tail) = splitter.Finish();
        if (splitter.Length == 0 || !complete)
            return Refuse(LiveErrors.Truncated, $"'{name}' ends inside a box ({splitter.Length} bytes): the segment is incomplete and was not kept.");
        if (relayed && !tail.IsEmpty) Publish(feed, name, new FragmentSplitter.Unit(FragmentSplitter.UnitKind.Fragment, tail.ToArray()));

        var bytes = splitter.Bytes;
        var isInit = IsoBox.Children(bytes).Any(c => c.Type == "moov");
        string? sha = null, previous = null;
        if (!options.Value.RelayOnly)
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
            var key = $"live/{sha[..2]}/{sha}";
            await StoreAsync(key, bytes, cancellationToken);
            previous = await feeds.ChainAsync(feed, name, isInit ? "init" : "media", sha, bytes.Length, key, actor, cancellationToken);
        }
        if (relayed && !isInit)
        {
            var segment = window.CompleteSegment(feed, name, bytes.ToArray());
            announcer.Announce(new LiveNotice(LiveNotice.Segment, feed, segment.Sequence, node.Url));
        }
        return new Outcome(StatusCodes.Status204NoContent, sha, previous);
    }

    private void Publish(string feed, string name, FragmentSplitter.Unit unit)
    {
        var published = unit.Kind == FragmentSplitter.UnitKind.Init ? window.PublishInit(feed, name, unit.Data) : window.PublishFragment(feed, unit.Data);
        announcer.Announce(new LiveNotice(published.IsInit ? LiveNotice.Init : LiveNotice.Fragment, feed, published.Sequence, node.Url));
    }

    private async Task StoreAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            // Committed means durable: the object store flushes before it makes the object visible.
            await store.PutAsync(key, bytes, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            logger.LogDebug("Live segment {Key} was stored already (same bytes pushed twice)", key);
        }
    }

    private static Outcome Refuse(Evidence.ErrorDescriptor error, string detail) => new(error.Status, null, null, (error, detail));
}
