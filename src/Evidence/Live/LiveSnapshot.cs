namespace Cameras.Evidence.Live;

/// <summary>What an HLS viewer sees of a feed at one moment: each pushed stream (by index) with its init and recent segments.</summary>
public sealed record LiveSnapshot(string Feed, IReadOnlyList<LiveStreamSnapshot> Streams, bool Ended)
{
    /// <summary>The streams that have their init, in index order.</summary>
    public IEnumerable<LiveStreamSnapshot> Playable => Streams.Where(s => s.Init is not null);

    public LiveStreamSnapshot? Stream(int index) => Streams.FirstOrDefault(s => s.Index == index);
}

/// <summary>One pushed stream of a feed: its init segment (null until pushed), what its tracks are, and its recent segments.</summary>
public sealed record LiveStreamSnapshot(int Index, string? InitName, ReadOnlyMemory<byte>? Init, InitSegment Tracks, IReadOnlyList<LiveSegment> Segments);
