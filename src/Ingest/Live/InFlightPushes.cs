using System.Collections.Concurrent;

namespace Cameras.Ingest.Live;

/// <summary>Counts the media pushes of each feed still being received on this node, and tells when none is left.</summary>
internal sealed class InFlightPushes
{
    private sealed class Feed
    {
        public int Count;
        public TaskCompletionSource Idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ConcurrentDictionary<string, Feed> _feeds = new();

    public IDisposable Enter(string feed)
    {
        var state = _feeds.GetOrAdd(feed, _ => new Feed());
        lock (state)
        {
            if (state.Count++ == 0) state.Idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return new Exit(state);
    }

    /// <summary>Completes when no push of <paramref name="feed"/> is in flight, or after <paramref name="atMost"/>.</summary>
    public async Task IdleAsync(string feed, TimeSpan atMost)
    {
        if (!_feeds.TryGetValue(feed, out var state)) return;
        Task idle;
        lock (state)
        {
            if (state.Count == 0) return;
            idle = state.Idle.Task;
        }
        await Task.WhenAny(idle, Task.Delay(atMost));
    }

    private sealed class Exit(Feed state) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1) return;
            lock (state)
            {
                if (--state.Count == 0) state.Idle.TrySetResult();
            }
        }
    }
}
