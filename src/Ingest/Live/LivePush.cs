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
/// of the body the whole segment is hashed and chained (and stored, under Record=full), and only then answered. A
/// playlist or manifest is read only for the end of the feed.
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

    /// <summary>Takes one media file of <paramref name="stream"/>. A feed not started yet (<paramref name="state"/> says
    /// Started: the id is free) starts only if this file is accepted, so its units are held until then; an existing feed's
    /// units are relayed as they complete. An init whose codecs differ from the stream's is refused before it is relayed.</summary>
    public async Task<Outcome> MediaAsync(string feed, string name, int stream, Stream body, LiveFeeds.Identity who, CustodyActor actor,
        LiveFeeds.State state, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxSegmentBytes;
        var splitter = new FragmentSplitter(limit);
        var held = state.Claim == LiveClaim.Started ? new List<FragmentSplitter.Unit>() : null;
        InitSegment? tracks = null;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                foreach (var unit in splitter.Append(buffer.AsSpan(0, read)))
                {
                    if (unit.Kind == FragmentSplitter.UnitKind.Init)
                    {
                        tracks = InitSegment.Parse(unit.Data);
                        if (CodecsChange(feed, stream, state, tracks) is { } change) return Refuse(LiveErrors.CodecsChanged, change);
                    }
                    if (held is not null) held.Add(unit);
                    else Publish(feed, name, stream, unit);
                }
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
        if (!tail.IsEmpty)
        {
            var rest = new FragmentSplitter.Unit(FragmentSplitter.UnitKind.Fragment, tail.ToArray());
            if (held is not null) held.Add(rest);
            else Publish(feed, name, stream, rest);
        }

        var bytes = splitter.Bytes;
        var isInit = tracks is not null;
        string? sha = null, key = null;
        if (state.Record != LiveRecord.None) sha = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        if (state.Record == LiveRecord.Full && sha is not null)
        {
            key = $"live/{sha[..2]}/{sha}";
            await StoreAsync(key, bytes, cancellationToken);
        }
        var (claim, previous) = await feeds.AcceptAsync(feed, who, actor, options.Value.Keeping,
            new LiveFeeds.Segment(name, stream, isInit, sha, bytes.Length, key, tracks?.Codecs), cancellationToken);
        switch (claim)
        {
            case LiveClaim.NotYours: return Refuse(LiveErrors.NotYourFeed, $"The feed '{feed}' was claimed by another terminal; push to a feed id of your own.");
            case LiveClaim.Ended: return Refuse(LiveErrors.FeedEnded, $"The feed '{feed}' has ended; a new intervention pushes to a new feed id.");
            case LiveClaim.CodecsChanged: return Refuse(LiveErrors.CodecsChanged, CodecsChange(feed, stream, state, tracks!) ?? $"The codecs of feed '{feed}' changed.");
            case LiveClaim.Started: logger.LogInformation("Live feed {Feed} started ({Source}, record {Record})", feed, who.Source, state.Record); break;
        }
        foreach (var unit in held ?? []) Publish(feed, name, stream, unit);
        if (!isInit)
        {
            var segment = window.CompleteSegment(feed, name, bytes.ToArray(), stream);
            announcer.Announce(new LiveNotice(LiveNotice.Segment, feed, segment.Sequence, node.Url));
        }
        return new Outcome(StatusCodes.Status204NoContent, sha, previous);
    }

    /// <summary>Why an init may not replace its stream's, or null: a feed keeps its codecs (profile and level may vary).</summary>
    private static string? CodecsChange(string feed, int stream, LiveFeeds.State state, InitSegment tracks)
    {
        if (tracks.Tracks.Count == 0 || !state.Codecs.TryGetValue(stream, out var before)) return null;
        if (LiveFeeds.Families(before) == LiveFeeds.Families(tracks.Codecs)) return null;
        return $"Stream {stream} of feed '{feed}' started with codecs {before}; this init segment carries {tracks.Codecs}. A feed keeps its "
            + "codecs (viewers' decoders are set up for them): push this stream to a new feed id.";
    }

    private void Publish(string feed, string name, int stream, FragmentSplitter.Unit unit)
    {
        var published = unit.Kind == FragmentSplitter.UnitKind.Init
            ? window.PublishInit(feed, name, unit.Data, stream)
            : window.PublishFragment(feed, unit.Data, stream);
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
