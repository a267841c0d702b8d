namespace Cameras.Evidence.Live;

/// <summary>The in-memory state of one feed on this node: its streams (each with its init and recent whole segments),
/// recent fragments of every stream in arrival order, and its viewers. Every member is called under the instance's lock
/// by <see cref="LiveWindow"/>.</summary>
internal sealed class LiveFeedWindow(string feed)
{
    public const int MaxFragments = 600;

    public string Feed { get; } = feed;
    public SortedDictionary<int, LiveStreamWindow> Streams { get; } = [];
    public long NextSequence { get; set; }
    public long NextSegment { get; set; }
    public bool Ended { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public LinkedList<LiveFragment> Fragments { get; } = new();
    public List<LiveViewer> Viewers { get; } = [];
    public TaskCompletionSource Changed { get; set; } = NewSignal();

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveStreamWindow Stream(int index)
    {
        if (!Streams.TryGetValue(index, out var stream)) Streams[index] = stream = new LiveStreamWindow();
        return stream;
    }

    /// <summary>Whether any stream carries a picture: then only a picture keyframe is a place to join.</summary>
    public bool HasVideo => Streams.Values.Any(s => s.Tracks.HasVideo);

    /// <summary>The fragments from the newest place to join on (every stream's, in arrival order): where a new viewer starts.</summary>
    public IEnumerable<LiveFragment> FromLastKeyframe()
    {
        var node = Fragments.Last;
        while (node is not null && (node.Value.IsInit || !node.Value.Resumable)) node = node.Previous;
        for (; node is not null; node = node.Next) yield return node.Value;
    }
}

/// <summary>One pushed stream of a feed in the window.</summary>
internal sealed class LiveStreamWindow
{
    public LiveFragment? Init { get; set; }
    public string? InitName { get; set; }
    public InitSegment Tracks { get; set; } = InitSegment.Empty;
    public long NextMediaSequence { get; set; }
    public LinkedList<LiveSegment> Segments { get; } = new();
}
