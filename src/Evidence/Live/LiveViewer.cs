using System.Threading.Channels;

namespace Cameras.Evidence.Live;

/// <summary>
/// One viewer's bounded queue. The publisher only ever calls <see cref="Offer"/>, which never waits: when the queue
/// is full the viewer skips fragments until the next keyframe, so a slow viewer costs nobody else anything.
/// </summary>
public sealed class LiveViewer : IDisposable
{
    private readonly Channel<LiveFragment> _queue;
    private readonly Action<LiveViewer> _leave;
    private bool _skipping;
    private long _lastDropLog;
    private int _left;

    internal LiveViewer(string feed, int capacity, Action<LiveViewer> leave)
    {
        Feed = feed;
        _leave = leave;
        _queue = Channel.CreateBounded<LiveFragment>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Feed { get; }

    public ChannelReader<LiveFragment> Reader => _queue.Reader;

    /// <summary>Fragments this viewer skipped because it was too slow.</summary>
    public long Dropped { get; private set; }

    /// <summary>Called with the number dropped so far at most once a second while dropping.</summary>
    public Action<long>? OnDropping { get; set; }

    internal void Offer(LiveFragment fragment)
    {
        lock (_queue)
        {
            // An init segment always gets through (the decoder needs it); media resumes only at a picture keyframe.
            if (_skipping && !fragment.IsInit && !fragment.Resumable) { Drop(); return; }
            if (_queue.Writer.TryWrite(fragment)) { _skipping = false; return; }
            _skipping = true;
            Drop();
        }
    }

    private void Drop()
    {
        Dropped++;
        Telemetry.CamerasMetrics.FragmentsDropped.Add(1, new KeyValuePair<string, object?>("feed", Feed));
        var now = Environment.TickCount64;
        if (now - _lastDropLog < 1000) return;
        _lastDropLog = now;
        OnDropping?.Invoke(Dropped);
    }

    internal void Complete() => _queue.Writer.TryComplete();

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (Interlocked.Exchange(ref _left, 1) == 1) return;
        _leave(this);
        long dropped;
        lock (_queue) dropped = Dropped;
        // Its session's figure, once (a viewer that dropped nothing counts too: the share of viewers who kept up).
        Telemetry.CamerasMetrics.ViewerFragmentsDropped.Record(dropped, new KeyValuePair<string, object?>("feed", Feed));
    }
}
