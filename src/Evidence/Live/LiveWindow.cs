using System.Collections.Concurrent;
using Cameras.Evidence.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Live;

/// <summary>
/// The live window of this node: ingest (or the relay from another node) publishes init segments, fragments and
/// whole segments; viewers subscribe. A fragment is offered to each viewer's own bounded queue and the publisher
/// never waits for any of them. Memory is bounded per feed (recent fragments, <see cref="LiveOptions.WindowSegments"/>
/// segments); an ended feed is forgotten a minute later.
/// </summary>
public sealed class LiveWindow(IOptions<LiveOptions> options, TimeProvider clock, ILogger<LiveWindow> logger)
{
    private static readonly TimeSpan KeepEnded = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, LiveFeedWindow> _feeds = new();

    // A feed id is never pushed again once ended (ingest answers 409), so an ended window only receives the tail of
    // pushes that were still streaming when the end-of-list arrived, and is forgotten a minute later.
    private LiveFeedWindow Feed(string feed)
    {
        if (_feeds.TryGetValue(feed, out var known)) return known;
        var window = new LiveFeedWindow(feed);
        if (!_feeds.TryAdd(feed, window)) return Feed(feed);
        CamerasMetrics.LiveFeeds.Add(1); // counted once per window, taken off when it ends
        return window;
    }

    public LiveFragment PublishInit(string feed, string name, ReadOnlyMemory<byte> data, int stream = 0)
    {
        var window = Feed(feed);
        var tracks = InitSegment.Parse(data);
        lock (window)
        {
            var fragment = new LiveFragment(window.NextSequence++, true, data, new FragmentInfo(true, 0, 0, null), clock.GetUtcNow(),
                stream, Tracks: tracks);
            var state = window.Stream(stream);
            state.Init = fragment;
            state.InitName = name;
            state.Tracks = tracks;
            window.Fragments.AddLast(fragment);
            Trim(window);
            foreach (var viewer in window.Viewers) viewer.Offer(fragment);
            Signal(window);
            return fragment;
        }
    }

    public LiveFragment PublishFragment(string feed, ReadOnlyMemory<byte> data, int stream = 0)
    {
        var window = Feed(feed);
        lock (window)
        {
            var info = FragmentInfo.Parse(data, window.Stream(stream).Tracks);
            // Sound alone is a place to join only in a feed without a picture; with one, a viewer waits for its keyframe.
            var resumable = info.Keyframe && (info.HasVideo || !window.HasVideo);
            var fragment = new LiveFragment(window.NextSequence++, false, data, info, clock.GetUtcNow(), stream, resumable);
            window.Fragments.AddLast(fragment);
            Trim(window);
            foreach (var viewer in window.Viewers) viewer.Offer(fragment);
            return fragment;
        }
    }

    public LiveSegment CompleteSegment(string feed, string name, ReadOnlyMemory<byte> data, int stream = 0)
    {
        var window = Feed(feed);
        lock (window)
        {
            var state = window.Stream(stream);
            var seconds = FragmentInfo.TotalSeconds(data, state.Tracks);
            var segment = new LiveSegment(window.NextSegment++, name, data, seconds, clock.GetUtcNow(), stream, state.NextMediaSequence++);
            state.Segments.AddLast(segment);
            while (state.Segments.Count > options.Value.WindowSegments) state.Segments.RemoveFirst();
            Signal(window);
            return segment;
        }
    }

    public void End(string feed)
    {
        if (!_feeds.TryGetValue(feed, out var window)) return;
        lock (window)
        {
            if (window.Ended) return;
            window.Ended = true;
            window.EndedAt = clock.GetUtcNow();
            CamerasMetrics.LiveFeeds.Add(-1);
            foreach (var viewer in window.Viewers) viewer.Complete();
            Signal(window);
        }
        _ = ForgetLaterAsync(feed, window);
    }

    private async Task ForgetLaterAsync(string feed, LiveFeedWindow window)
    {
        await Task.Delay(KeepEnded);
        _feeds.TryRemove(new KeyValuePair<string, LiveFeedWindow>(feed, window));
    }

    /// <summary>A new viewer; its queue starts with every stream's init segment and the fragments since the newest keyframe.</summary>
    public LiveViewer Subscribe(string feed)
    {
        var window = Feed(feed);
        var viewer = new LiveViewer(feed, options.Value.ViewerQueue, v => Leave(window, v));
        viewer.OnDropping = dropped => logger.LogInformation(
            "Viewer of feed {Feed} is too slow: {Dropped} fragments skipped so far", feed, dropped);
        lock (window)
        {
            foreach (var stream in window.Streams.Values)
                if (stream.Init is { } init) viewer.Offer(init);
            foreach (var fragment in window.FromLastKeyframe().Where(f => !f.IsInit)) viewer.Offer(fragment);
            if (window.Ended) viewer.Complete();
            else
            {
                window.Viewers.Add(viewer);
                CamerasMetrics.LiveViewers.Add(1, new KeyValuePair<string, object?>("feed", feed));
            }
        }
        return viewer;
    }

    private static void Leave(LiveFeedWindow window, LiveViewer viewer)
    {
        lock (window)
            if (window.Viewers.Remove(viewer)) CamerasMetrics.LiveViewers.Add(-1, new KeyValuePair<string, object?>("feed", window.Feed));
    }

    public LiveSnapshot? Snapshot(string feed)
    {
        if (!_feeds.TryGetValue(feed, out var window)) return null;
        lock (window)
            return new LiveSnapshot(feed, [.. window.Streams.Select(s =>
                new LiveStreamSnapshot(s.Key, s.Value.InitName, s.Value.Init?.Data, s.Value.Tracks, [.. s.Value.Segments]))], window.Ended);
    }

    /// <summary>Completes when the feed gets a new init or segment, or ends.</summary>
    public Task ChangedAsync(string feed, CancellationToken cancellationToken)
    {
        var window = Feed(feed);
        lock (window) return window.Changed.Task.WaitAsync(cancellationToken);
    }

    public LiveFragment? Fragment(string feed, long sequence)
    {
        if (!_feeds.TryGetValue(feed, out var window)) return null;
        lock (window) return window.Fragments.FirstOrDefault(f => f.Sequence == sequence);
    }

    public LiveSegment? Segment(string feed, long sequence)
    {
        if (!_feeds.TryGetValue(feed, out var window)) return null;
        lock (window) return window.Streams.Values.SelectMany(s => s.Segments).FirstOrDefault(s => s.Sequence == sequence);
    }

    public int ViewerCount(string feed)
    {
        if (!_feeds.TryGetValue(feed, out var window)) return 0;
        lock (window) return window.Viewers.Count;
    }

    private static void Trim(LiveFeedWindow window)
    {
        while (window.Fragments.Count > LiveFeedWindow.MaxFragments) window.Fragments.RemoveFirst();
    }

    private static void Signal(LiveFeedWindow window)
    {
        var previous = window.Changed;
        window.Changed = LiveFeedWindow.NewSignal();
        previous.TrySetResult();
    }
}
