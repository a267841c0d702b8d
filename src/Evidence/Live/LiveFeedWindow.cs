namespace Cameras.Evidence.Live;

/// <summary>The in-memory state of one feed on this node: its init segment, recent fragments, recent whole
/// segments and its viewers. Every member is called under the instance's lock by <see cref="LiveWindow"/>.</summary>
internal sealed class LiveFeedWindow(string feed)
{
    public const int MaxFragments = 600;

    public string Feed { get; } = feed;
    public LiveFragment? Init { get; set; }
    public string? InitName { get; set; }
    public int Timescale { get; set; } = 90000;
    public long NextSequence { get; set; }
    public long NextSegment { get; set; }
    public bool Ended { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public LinkedList<LiveFragment> Fragments { get; } = new();
    public LinkedList<LiveSegment> Segments { get; } = new();
    public List<LiveViewer> Viewers { get; } = [];
    public TaskCompletionSource Changed { get; set; } = NewSignal();

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The fragments from the newest keyframe on: where a new viewer starts.</summary>
    public IEnumerable<LiveFragment> FromLastKeyframe()
    {
        var node = Fragments.Last;
        while (node is not null && (node.Value.IsInit || !node.Value.Info.Keyframe)) node = node.Previous;
        for (; node is not null; node = node.Next) yield return node.Value;
    }
}
